/**
 * The bytes of each request to a pack, as google-protobuf writes them, but with long strings
 * written by Node.js instead of one character at a time in JavaScript (a 10 MB property value
 * took seconds per call to encode).
 *
 * The wire format of a string field and of a bytes field is the same (tag, length, bytes), and
 * for a well-formed string Node.js's UTF-8 is google-protobuf's. google-protobuf encodes a lone
 * surrogate its own way, so such strings, and short ones, are left to it: the bytes sent are
 * those google-protobuf would send (tests/driver/long-string-encoding.test.ts compares them).
 */
import * as grpc from "@grpc/grpc-js";
import { BinaryWriter, Message } from "google-protobuf";

/** Below this length google-protobuf's own loop is as fast as a call into Node.js. */
const SHORT_STRING = 256;

/** Matches a surrogate that is not half of a pair (`u` mode reads pairs as one code point). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

class LongStringWriter extends BinaryWriter {
    override writeString(field: number, value?: string): void {
        if (value != null && value.length >= SHORT_STRING && !LONE_SURROGATE.test(value)) {
            this.writeBytes(field, Buffer.from(value, "utf8"));
        } else {
            super.writeString(field, value);
        }
    }
}

interface MessageType {
    serializeBinaryToWriter(message: Message, writer: BinaryWriter): void;
}

/** `message` serialized as `type.serializeBinary` does. */
export function encodeRequest(type: MessageType, message: Message): Buffer {
    const writer = new LongStringWriter();
    type.serializeBinaryToWriter(message, writer);
    const bytes = writer.getResultBuffer();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `service` with each request serialized by `encodeRequest`. */
export function withFastRequestEncoding<Service extends grpc.ServiceDefinition>(service: Service): Service {
    const methods = Object.entries(service).map(([name, method]) => {
        const type = (method as { requestType?: MessageType }).requestType;
        return [name, type ? { ...method, requestSerialize: (request: Message) => encodeRequest(type, request) } : method];
    });
    return Object.fromEntries(methods) as Service;
}
