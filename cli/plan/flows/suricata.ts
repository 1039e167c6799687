/**
 * The subset of Suricata rule syntax that the project's own firewall rule kinds produce, parsed into a
 * rule the flow evaluator matches: the header (action, protocol, addresses, ports, direction) and the
 * keywords `msg`, `sid`, `rev`, `flow`, the sticky buffers `tls.sni` and `http.host` with `content`
 * and its modifiers `nocase`, `startswith`, `endswith`, and the `dotprefix` transform that Network
 * Firewall's generated domain-list rules use. Any other keyword is kept by name: a rule with one cannot
 * be decided from a flow's 5-tuple and names, and the evaluator says so.
 *
 * Sources:
 * - Rule header and options: Suricata "Rules Format", https://docs.suricata.io/en/suricata-7.0.8/rules/intro.html
 *   (Network Firewall runs Suricata 7.0 since November 2024:
 *   https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-ips.html).
 * - What Network Firewall supports and does not (actions pass, drop, reject, alert only; no datasets,
 *   iprep, lua, thresholding):
 *   https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-limitations-caveats.html
 * - `tls.sni`, `http.host`, `dotprefix`: https://docs.suricata.io/en/suricata-7.0.8/rules/tls-keywords.html,
 *   https://docs.suricata.io/en/suricata-7.0.8/rules/http-keywords.html,
 *   https://docs.suricata.io/en/suricata-7.0.8/rules/transforms.html
 */

/** A stateful action Network Firewall supports. */
export type StatefulAction = "pass" | "drop" | "reject" | "alert";

/** A content match on a sticky buffer. */
export interface ContentMatch {
    /** `tls.sni`, `http.host`, or another buffer the evaluator cannot fill (then it cannot decide). */
    readonly buffer: string;
    readonly content: string;
    readonly nocase: boolean;
    readonly startswith: boolean;
    readonly endswith: boolean;
    /** The `dotprefix` transform: a `.` is put before the buffer before matching. */
    readonly dotprefix: boolean;
    readonly negated: boolean;
}

/** An address or port list: entries, each maybe negated; empty means `any`. */
export interface Spec {
    readonly any: boolean;
    readonly entries: readonly { readonly value: string; readonly negated: boolean }[];
}

/** One parsed stateful rule. */
export interface StatefulRuleModel {
    readonly action: StatefulAction;
    /** Lower case: `ip`, `tcp`, `udp`, `icmp`, or an application protocol (`tls`, `http`, `dns`, ...). */
    readonly protocol: string;
    readonly source: Spec;
    readonly sourcePort: Spec;
    readonly destination: Spec;
    readonly destinationPort: Spec;
    /** `->` one way; `<>` both ways. */
    readonly bidirectional: boolean;
    readonly sid?: number;
    readonly msg?: string;
    /** `flow` settings (`to_server`, `established`, ...). */
    readonly flow: readonly string[];
    readonly contents: readonly ContentMatch[];
    /** Keywords the evaluator cannot decide from a flow (e.g. `http.user_agent`, `ja3.hash`). */
    readonly undecidable: readonly string[];
    /** The rule as written (or as generated). */
    readonly text: string;
}

/** A rule line that could not be read. */
export class SuricataParseError extends Error {}

/** Keywords that only describe a rule or tune logging: they never change whether it matches. */
const DESCRIPTIVE = new Set([
    "msg",
    "sid",
    "rev",
    "gid",
    "classtype",
    "priority",
    "metadata",
    "reference",
    "target",
]);

/** Sticky buffers whose value the flow carries. */
const KNOWN_BUFFERS = new Set(["tls.sni", "http.host"]);

/** Content modifiers this parser applies. */
const MODIFIERS = new Set(["nocase", "startswith", "endswith"]);

/** Splits `[a,b,!c]`, `!x` or `x` into entries. */
function spec(text: string): Spec {
    const trimmed = text.trim();
    if (trimmed === "any") return { any: true, entries: [] };
    const negatedList = trimmed.startsWith("![");
    const body = trimmed.replace(/^!?\[/, "").replace(/\]$/, "");
    const parts = negatedList || trimmed.startsWith("[") ? body.split(",") : [trimmed];
    return {
        any: false,
        entries: parts
            .map((p) => p.trim())
            .filter((p) => p.length > 0)
            .map((p) => ({
                value: p.replace(/^!/, ""),
                negated: negatedList !== p.startsWith("!"),
            })),
    };
}

/** Splits the options part on `;` outside quotes. */
function options(text: string): { key: string; value?: string }[] {
    const out: { key: string; value?: string }[] = [];
    let current = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch === "\\" && i + 1 < text.length) {
            current += ch + text[++i];
            continue;
        }
        if (ch === '"') quoted = !quoted;
        if (ch === ";" && !quoted) {
            if (current.trim()) out.push(option(current));
            current = "";
            continue;
        }
        current += ch;
    }
    if (current.trim()) out.push(option(current));
    return out;
}

function option(text: string): { key: string; value?: string } {
    const colon = text.indexOf(":");
    if (colon < 0) return { key: text.trim() };
    return { key: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() };
}

function unquote(value: string): string {
    return value
        .replace(/^!?\s*"/, "")
        .replace(/"$/, "")
        .replace(/\\(.)/g, "$1");
}

const HEADER =
    /^(\w+)\s+(\S+)\s+(\S+|\[[^\]]*\])\s+(\S+|\[[^\]]*\])\s+(->|<>)\s+(\S+|\[[^\]]*\])\s+(\S+|\[[^\]]*\])\s*\((.*)\)\s*$/s;

/** Parses one Suricata rule line; throws {@link SuricataParseError} when it is not one. */
export function parseSuricataRule(line: string): StatefulRuleModel {
    const match = HEADER.exec(line.trim());
    if (!match) throw new SuricataParseError(`not a Suricata rule: ${line}`);
    const [, action, protocol, source, sourcePort, arrow, destination, destinationPort, body] = match;
    const act = action.toLowerCase();
    if (act !== "pass" && act !== "drop" && act !== "reject" && act !== "alert") {
        throw new SuricataParseError(
            `action '${action}' is not one Network Firewall supports (pass, drop, reject, alert): ${line}`,
        );
    }
    let sid: number | undefined;
    let msg: string | undefined;
    const flow: string[] = [];
    const contents: ContentMatch[] = [];
    const undecidable: string[] = [];
    let buffer: string | undefined;
    let dotprefix = false;
    for (const { key, value } of options(body)) {
        if (key === "sid") sid = Number(value);
        else if (key === "msg") msg = value ? unquote(value) : undefined;
        else if (DESCRIPTIVE.has(key)) continue;
        else if (key === "flow") flow.push(...(value ?? "").split(",").map((v) => v.trim()));
        else if (key === "content") {
            const at = buffer ?? "payload";
            if (!KNOWN_BUFFERS.has(at) && !undecidable.includes(at)) undecidable.push(at);
            contents.push({
                buffer: at,
                content: unquote(value ?? ""),
                nocase: false,
                startswith: false,
                endswith: false,
                dotprefix,
                negated: (value ?? "").trim().startsWith("!"),
            });
        } else if (MODIFIERS.has(key) && contents.length > 0) {
            const last = contents.pop() as ContentMatch;
            contents.push({ ...last, [key]: true });
        } else if (key === "dotprefix") dotprefix = true;
        else if (/^[a-z0-9_]+\.[a-z0-9_.]+$/.test(key) && value === undefined) {
            // A sticky buffer: the following contents look into it.
            buffer = key;
            dotprefix = false;
        } else if (!undecidable.includes(key)) undecidable.push(key);
    }
    return {
        action: act,
        protocol: protocol.toLowerCase(),
        source: spec(source),
        sourcePort: spec(sourcePort),
        destination: spec(destination),
        destinationPort: spec(destinationPort),
        bidirectional: arrow === "<>",
        ...(sid !== undefined ? { sid } : {}),
        ...(msg !== undefined ? { msg } : {}),
        flow,
        contents,
        undecidable,
        text: line.trim(),
    };
}

/** Whether a content match holds for a buffer's value. */
export function contentMatches(m: ContentMatch, value: string): boolean {
    let buffer = m.dotprefix ? `.${value}` : value;
    let content = m.content;
    if (m.nocase) {
        buffer = buffer.toLowerCase();
        content = content.toLowerCase();
    }
    let ok: boolean;
    if (m.startswith && m.endswith) ok = buffer === content;
    else if (m.startswith) ok = buffer.startsWith(content);
    else if (m.endswith) ok = buffer.endsWith(content);
    else ok = buffer.includes(content);
    return m.negated ? !ok : ok;
}
