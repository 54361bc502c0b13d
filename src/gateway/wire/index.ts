/**
 * The gateway's wire codec: a leaf module that imports only `bson` and Node builtins.
 *
 * Design principles:
 * 1. Bytes in, values out: {@link MessageReader} frames a socket's chunks and decodes each message;
 *    {@link encodeReply} and the `encode*` functions produce whole frames.
 * 2. Malformed input is a value, never a crash: decoders throw only {@link WireError}, the reader
 *    returns them as results, and a fatal one (lost framing) means "close the socket".
 * 3. Limits are mongod's: 48,000,000-byte messages, 16 MiB documents (16 MiB + 16 KiB command bodies).
 * 4. Types survive a round trip: decoded documents keep Int32/Double/Long/Decimal128 wrappers, so
 *    re-encoding reproduces the bytes; read numbers with {@link bsonNumber}.
 * 5. Compression: noop, snappy and zlib (advertise {@link SUPPORTED_COMPRESSORS} in hello); a compressed
 *    request is answered with the same compressor.
 */
export { bsonNumber, decodeDocument, encodeDocument, isDocument, MAX_BSON_INTERNAL_SIZE, MAX_BSON_OBJECT_SIZE } from "./bson-codec.js";
export { BSON_TYPE, findFields, integerKeyField, numberField, stringField, type BsonField } from "./bson-fields.js";
export { crc32c } from "./crc32c.js";
export { EncodedBody, OP_MSG_BODY_OFFSET } from "./encoded-body.js";
export { MessageReader, readMessages, type MessageReaderOptions, type ReadResult } from "./message-reader.js";
export { HEADER_SIZE, MAX_MESSAGE_SIZE_BYTES, OP_CODES, readHeader, type MsgHeader, type OpCode, type OpCodeName } from "./msg-header.js";
export { COMPRESSOR_IDS, SUPPORTED_COMPRESSORS, encodeOpCompressed, type CompressorName } from "./op-compressed.js";
export { bodyWithSequences, encodeOpMsg, hasFlag, OP_MSG_FLAGS, type DocumentSequence, type OpMsg } from "./op-msg.js";
export { encodeOpQuery, OP_QUERY_FLAGS, type OpQuery } from "./op-query.js";
export { encodeOpReply, OP_REPLY_FLAGS } from "./op-reply.js";
export { encodeReply, type EncodeReplyOptions } from "./reply-encoder.js";
export { withDoubleOk } from "./reply-ok.js";
export { decodeMessage, type OpMsgMessage, type OpQueryMessage, type WireMessage } from "./wire-message.js";
export { WIRE_ERROR_CODES, WireError, type WireErrorCode } from "./wire-error.js";
export { MAX_WIRE_BSON_DEPTH } from "./bson-depth.js";
