import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/dialog';
import { Loading } from '../../ui/loading';
import { DatasetRow } from './dataset-row';
import { useCatalogue } from './api/catalogue-queries';

export interface CatalogueDialogProps {
  onClose: () => void;
  /** A dataset was deleted: the shell drops it from the view. */
  onDeleted: (datasetId: string) => void;
}

/** The dataset catalogue: provenance of every dataset, and what can be done with each. */
export function CatalogueDialog({ onClose, onDeleted }: CatalogueDialogProps) {
  const { t } = useTranslation();
  const catalogue = useCatalogue();
  return (
    <Dialog title={t('catalogue.title')} onClose={onClose} closeLabel={t('catalogue.close')} className="catalogue">
      {catalogue.isPending && <Loading label={t('catalogue.loading')} />}
      {catalogue.error && (
        <p className="error-text" role="alert">
          {t('catalogue.error', { message: catalogue.error.message })}
        </p>
      )}
      {catalogue.data && (
        <div className="table-scroll">
          <table className="catalogue__table">
            <caption className="visually-hidden">{t('catalogue.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('catalogue.columns.name')}</th>
                <th scope="col">{t('catalogue.columns.source')}</th>
                <th scope="col">{t('catalogue.columns.dataDate')}</th>
                <th scope="col">{t('catalogue.columns.imported')}</th>
                <th scope="col">{t('catalogue.columns.sensitivity')}</th>
                <th scope="col">{t('catalogue.columns.file')}</th>
                <th scope="col" className="num">
                  {t('catalogue.columns.features')}
                </th>
                <th scope="col">{t('catalogue.columns.actions')}</th>
              </tr>
            </thead>
            {catalogue.data.map((d) => (
              <DatasetRow key={d.id} dataset={d} onDeleted={onDeleted} />
            ))}
          </table>
        </div>
      )}
    </Dialog>
  );
}
