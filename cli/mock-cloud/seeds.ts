/** Deterministic values derived from a seed: the same program always gets the same IDs. */
import { createHash } from "node:crypto";

/** A resource's state as the mock cloud builds it. */
export type State = Record<string, unknown>;

/** A deterministic lowercase hex string of `length` characters for `seed`. */
export function hexId(seed: string, length = 17): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** A deterministic UUID (version bits not set) for `seed`. */
export function uuidOf(seed: string): string {
    const h = hexId(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A deterministic string of lowercase letters and digits (or mixed case with `mixedCase`). */
export function alnumOf(seed: string, length: number, mixedCase = false): string {
    const alphabet = mixedCase
        ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        : "abcdefghijklmnopqrstuvwxyz0123456789";
    const bytes = createHash("sha256").update(seed).digest();
    return Array.from(bytes.subarray(0, length), (b) => alphabet[b % alphabet.length]).join("");
}
