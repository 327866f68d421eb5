import type { CloudSdk } from '../cloud';

/** Deletes stored files; deleting a missing file is no error, so a re-run after a crash deletes again. */
export async function deleteFiles(cloud: CloudSdk, files: readonly string[]): Promise<void> {
  if (files.length && cloud.deleteFile) await cloud.deleteFile({ fileList: [...files] });
}
