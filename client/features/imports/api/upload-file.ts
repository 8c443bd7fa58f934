/** What the server keeps of an uploaded file. */
export interface Upload {
  id: string;
  name: string;
  size: number;
  sha256: string;
}

export class UploadError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the request did not reach the server. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/**
 * Sends a file as the raw body of POST /api/uploads. XMLHttpRequest rather than fetch: only it
 * reports upload progress. `onProgress` gets the share sent, 0–1.
 */
export function uploadFile(file: File, opts: { onProgress?: (share: number) => void; signal?: AbortSignal } = {}): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/uploads?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (Partial<Upload> & { error?: string }) | null;
      if (xhr.status === 201 && body?.id) {
        opts.onProgress?.(1);
        resolve(body as Upload);
      } else {
        reject(new UploadError(body?.error ?? `The upload failed (HTTP ${xhr.status})`, xhr.status));
      }
    };
    xhr.onerror = () => reject(new UploadError('The upload did not reach the server', 0));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
