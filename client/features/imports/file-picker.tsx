import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProgressBar } from '../../ui/progress-bar';
import { formatPercent } from '../../lib/format';

export interface FilePickerProps {
  onFile: (file: File) => void;
  /** 0–1 while a file is being sent; null otherwise. */
  uploading: { name: string; share: number } | null;
  error: string | null;
}

/** Drop a file here or pick one with the (keyboard-reachable) file input; shows the upload's progress. */
export function FilePicker({ onFile, uploading, error }: FilePickerProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [over, setOver] = useState(false);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !uploading) onFile(file);
  };

  return (
    <section className="wizard-step" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('imports.file.heading')}</h3>
      <div
        className={`drop-zone${over ? ' drop-zone--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p className="drop-zone__text">{t('imports.file.drop')}</p>
        <label htmlFor={id} className="drop-zone__label">
          {t('imports.file.choose')}
        </label>
        <input
          id={id}
          type="file"
          className="drop-zone__input"
          aria-describedby={`${id}-formats`}
          disabled={!!uploading}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) onFile(file);
            e.currentTarget.value = '';
          }}
        />
        <p id={`${id}-formats`} className="field__hint">
          {t('imports.file.formats')}
        </p>
      </div>
      {uploading && (
        <ProgressBar
          label={t('imports.file.uploading', { name: uploading.name })}
          value={uploading.share}
          valueText={formatPercent(uploading.share, i18n.language)}
        />
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
