// Typings for the two untyped pure-JS decompressors the Avro codecs use (neither ships its own).

declare module 'snappyjs' {
  /** Decompresses one raw snappy block; throws on corrupt input or when the output would exceed maxLength. */
  export function uncompress(compressed: Buffer, maxLength?: number): Buffer;
  export function compress(uncompressed: Buffer): Buffer;
}

declare module 'seek-bzip' {
  const Bunzip: {
    /** Decompresses a whole bzip2 stream held in memory; throws on corrupt input or a bad stream CRC. */
    decode(input: Buffer, output?: Buffer | number, multistream?: boolean): Buffer;
  };
  export = Bunzip;
}
