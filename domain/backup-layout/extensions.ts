/**
 * Which file names the configured format reads (§2.3, §9.3). The source connector keeps an object
 * only if its name ends with the format's extension; everything else under topics.dir is ignored
 * (§6.2). `.keys`/`.headers` companions are recognised first: they are never values (§6.10), but
 * they are paired with their value object, whatever format the sink's keys/headers.format.class used.
 */
import type { BackupSettings } from '../restore-settings/types';

export type ExtensionMatch =
  | { kind: 'value'; extension: string; gzip: boolean }
  | { kind: 'companion'; view: 'keys' | 'headers'; extension: string };

type ExtensionSettings = Pick<BackupSettings, 'format' | 'byteArrayExtension'>;

/** Value extensions of the format: `.gz` variants are always accepted (compression only sets expectations). */
export function valueExtensions(settings: ExtensionSettings): string[] {
  switch (settings.format) {
    case 'avro':
      return ['.avro']; // Avro compresses inside the container (avro.codec); gcs.compression.type does not apply
    case 'json':
      return ['.json', '.json.gz'];
    case 'bytearray':
      return [settings.byteArrayExtension, `${settings.byteArrayExtension}.gz`];
  }
}

/** Extensions a keys/headers companion may carry: any storage format the S3 sink can write them in. */
function companionExtensions(settings: ExtensionSettings): string[] {
  const bin = settings.byteArrayExtension;
  return ['.avro', '.json', '.json.gz', bin, `${bin}.gz`, '.bin', '.bin.gz'];
}

export function matchExtension(fileName: string, settings: ExtensionSettings): ExtensionMatch | undefined {
  for (const view of ['keys', 'headers'] as const) {
    const marker = `.${view}`;
    for (const ext of companionExtensions(settings)) {
      if (fileName.endsWith(marker + ext)) return { kind: 'companion', view, extension: ext };
    }
    const i = fileName.lastIndexOf(`${marker}.`);
    if (i > 0 && fileName.endsWith('.parquet'))
      return { kind: 'companion', view, extension: fileName.slice(i + marker.length) };
  }
  // Longest first, so `.json.gz` is not mistaken for something ending in `.gz` of another extension.
  const exts = valueExtensions(settings).sort((a, b) => b.length - a.length);
  for (const ext of exts) {
    if (fileName.endsWith(ext))
      return { kind: 'value', extension: ext, gzip: ext.endsWith('.gz') && ext !== settings.byteArrayExtension };
  }
  return undefined;
}
