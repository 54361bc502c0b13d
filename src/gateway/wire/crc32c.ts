/** CRC-32C (Castagnoli) reversed polynomial, as OP_MSG's checksum requires. */
const POLYNOMIAL = 0x82f63b78;

const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/**
 * Computes the CRC-32C of `data` (table-driven, one byte per step). Pass a previous result as `crc` to
 * continue a checksum over several buffers.
 */
export function crc32c(data: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) {
    c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  }
  return ~c >>> 0;
}
