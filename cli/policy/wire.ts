/**
 * The protocol buffers wire format, written straight from plain values: the analyzer requests of a
 * plan are built here byte for byte as the generated `google-protobuf` code serializes them (fields in
 * number order, proto3 defaults left out, map entries sorted by key), without building a message
 * object per value first.
 */

/** Wire types. */
const VARINT = 0;
const FIXED64 = 1;
const DELIMITED = 2;

/** A growable buffer that protocol buffers fields are appended to. */
export class ProtoWriter {
    private buffer: Buffer;
    private length = 0;

    constructor(initialSize = 256) {
        this.buffer = Buffer.allocUnsafe(initialSize);
    }

    private reserve(bytes: number): void {
        if (this.length + bytes <= this.buffer.length) return;
        let size = this.buffer.length * 2;
        while (size < this.length + bytes) size *= 2;
        const grown = Buffer.allocUnsafe(size);
        this.buffer.copy(grown, 0, 0, this.length);
        this.buffer = grown;
    }

    /** A non-negative integer below 2^53 as a varint. */
    private varint(value: number): void {
        this.reserve(10);
        while (value > 127) {
            this.buffer[this.length++] = (value & 127) | 128;
            value = Math.floor(value / 128);
        }
        this.buffer[this.length++] = value;
    }

    private tag(field: number, wireType: number): void {
        this.varint(field * 8 + wireType);
    }

    /** A string field (written even when empty: callers leave out proto3 defaults). */
    string(field: number, value: string): void {
        this.tag(field, DELIMITED);
        const n = value.length;
        if (n < 128) {
            // Short ASCII text (most keys and values), byte by byte: no call out of JavaScript.
            this.reserve(n + 1);
            const buffer = this.buffer;
            const start = this.length;
            let i = 0;
            for (; i < n; i++) {
                const c = value.charCodeAt(i);
                if (c > 127) break;
                buffer[start + 1 + i] = c;
            }
            if (i === n) {
                buffer[start] = n;
                this.length = start + 1 + n;
                return;
            }
        }
        const bytes = Buffer.byteLength(value, "utf8");
        this.varint(bytes);
        this.reserve(bytes);
        this.length += this.buffer.write(value, this.length, bytes, "utf8");
    }

    bool(field: number, value: boolean): void {
        this.tag(field, VARINT);
        this.varint(value ? 1 : 0);
    }

    /** An enum field by its number. */
    enum(field: number, value: number): void {
        this.tag(field, VARINT);
        this.varint(value);
    }

    double(field: number, value: number): void {
        this.tag(field, FIXED64);
        this.reserve(8);
        this.buffer.writeDoubleLE(value, this.length);
        this.length += 8;
    }

    /** An embedded message already encoded (or a bytes field). */
    message(field: number, encoded: Uint8Array): void {
        this.tag(field, DELIMITED);
        this.varint(encoded.length);
        this.reserve(encoded.length);
        this.buffer.set(encoded, this.length);
        this.length += encoded.length;
    }

    /** Starts an embedded message written in place; returns the mark {@link end} takes. */
    begin(field: number): number {
        this.tag(field, DELIMITED);
        this.reserve(1);
        this.length += 1;
        return this.length;
    }

    /** Ends the embedded message started at `mark`: writes its length in front of it. */
    end(mark: number): void {
        const size = this.length - mark;
        if (size < 128) {
            this.buffer[mark - 1] = size;
            return;
        }
        let extra = 0;
        for (let rest = size; rest > 127; rest = Math.floor(rest / 128)) extra++;
        this.reserve(extra);
        this.buffer.copyWithin(mark + extra, mark, this.length);
        this.length += extra;
        let at = mark - 1;
        let rest = size;
        while (rest > 127) {
            this.buffer[at++] = (rest & 127) | 128;
            rest = Math.floor(rest / 128);
        }
        this.buffer[at] = rest;
    }

    /** The bytes written so far. */
    bytes(): Uint8Array {
        return this.buffer.subarray(0, this.length);
    }
}

/** Encodes a message into its own buffer. */
export function encode(write: (w: ProtoWriter) => void, initialSize?: number): Uint8Array {
    const w = new ProtoWriter(initialSize);
    write(w);
    return w.bytes();
}

/**
 * How a plain value maps to the wire: `google.protobuf.Value` for JSON-like values. `convert` turns a
 * value into what is sent for it (unknowns into the engine's marker, for instance) before it is
 * written; `undefined` from it leaves an object's key out and is `null` in a list.
 */
export type Convert = (value: unknown) => unknown;

/** The fields of a `google.protobuf.Struct` for `object`: its keys in sorted order, as the generated code writes them. */
export function writeStruct(w: ProtoWriter, object: object, convert: Convert): void {
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(object)) {
        const value = convert((object as Record<string, unknown>)[key]);
        if (value !== undefined) entries.push([key, value]);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [key, value] of entries) {
        const entry = w.begin(1);
        w.string(1, key);
        const field = w.begin(2);
        writeValue(w, value, convert);
        w.end(field);
        w.end(entry);
    }
}

/** The fields of a `google.protobuf.Value` for an already converted `value`. */
function writeValue(w: ProtoWriter, value: unknown, convert: Convert): void {
    if (value === null) return w.enum(1, 0);
    switch (typeof value) {
        case "number":
            return w.double(2, value);
        case "string":
            return w.string(3, value);
        case "boolean":
            return w.bool(4, value);
        case "object": {
            if (Array.isArray(value)) {
                const list = w.begin(6);
                for (const item of value) {
                    const converted = convert(item);
                    const entry = w.begin(1);
                    writeValue(w, converted === undefined ? null : converted, convert);
                    w.end(entry);
                }
                return w.end(list);
            }
            const struct = w.begin(5);
            writeStruct(w, value, convert);
            return w.end(struct);
        }
        default:
            throw new Error("Unexpected struct type.");
    }
}
