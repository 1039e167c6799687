/**
 * A parser for the Suricata rules of a `suricata` rule group, strict where AWS Network Firewall is:
 * `action protocol source source-port direction destination destination-port (options)`, with the
 * actions Network Firewall takes (API reference, StatefulRule.Action: PASS, DROP, ALERT, REJECT), the
 * protocols Suricata 7 knows (suricata.readthedocs.io, rules/intro.html "Protocol"; Network
 * Firewall runs Suricata 7.0), addresses and ports as Suricata writes them (`any`, `$VAR`, CIDRs,
 * `!` negation, `[...]` lists; ports 0-65535 and `from:to` ranges), the directions `->` and `<>`,
 * and options as `keyword[:value];` with a numeric `sid`. Each problem is one sentence that says
 * what is wrong with the rule and what is expected.
 */
import { Address4, Address6 } from "ip-address";

/** The actions Network Firewall accepts in a Suricata rule (StatefulRule.Action). */
export const SURICATA_ACTIONS = ["pass", "drop", "reject", "alert"] as const;

/**
 * Suricata 7's protocol keywords (rules/intro.html "Protocol", and the app-layer protocols it lists).
 */
export const SURICATA_PROTOCOLS = [
    "ip",
    "tcp",
    "udp",
    "icmp",
    "tcp-pkt",
    "tcp-stream",
    "http",
    "http1",
    "http2",
    "ftp",
    "ftp-data",
    "tls",
    "smb",
    "dns",
    "dcerpc",
    "dhcp",
    "ssh",
    "smtp",
    "imap",
    "pop3",
    "modbus",
    "dnp3",
    "enip",
    "nfs",
    "ikev2",
    "krb5",
    "bittorrent-dht",
    "ntp",
    "rfb",
    "rdp",
    "snmp",
    "tftp",
    "sip",
    "quic",
    "mqtt",
    "pgsql",
    "telnet",
    "websocket",
];

/** Options that describe a rule without narrowing what it matches. */
const DESCRIPTIVE_OPTIONS = new Set([
    "msg",
    "sid",
    "rev",
    "gid",
    "classtype",
    "reference",
    "priority",
    "metadata",
    "target",
]);

/** A parsed rule. */
export interface SuricataRule {
    readonly action: string;
    readonly protocol: string;
    readonly source: string;
    readonly sourcePort: string;
    readonly direction: string;
    readonly destination: string;
    readonly destinationPort: string;
    readonly options: readonly { readonly keyword: string; readonly value?: string }[];
    readonly sid?: number;
    /** Rule variables it uses (without `$`): addresses and ports. */
    readonly variables: readonly string[];
}

/** The outcome of parsing one rule: the rule when it parses, and every problem found. */
export interface ParsedSuricataRule {
    readonly rule?: SuricataRule;
    readonly problems: readonly string[];
}

/** Splits `text` on whitespace outside brackets. */
function headerWords(text: string): string[] {
    const words: string[] = [];
    let depth = 0;
    let word = "";
    for (const ch of text) {
        if (ch === "[") depth++;
        if (ch === "]") depth--;
        if (/\s/.test(ch) && depth === 0) {
            if (word) words.push(word);
            word = "";
        } else {
            word += ch;
        }
    }
    if (word) words.push(word);
    return words;
}

/** The items of a `[a, b, ...]` list (nested lists kept whole), or undefined when unbalanced. */
function listItems(text: string): string[] | undefined {
    const inner = text.slice(1, -1);
    const items: string[] = [];
    let depth = 0;
    let item = "";
    for (const ch of inner) {
        if (ch === "[") depth++;
        if (ch === "]") depth--;
        if (depth < 0) return undefined;
        if (ch === "," && depth === 0) {
            items.push(item.trim());
            item = "";
        } else {
            item += ch;
        }
    }
    if (depth !== 0) return undefined;
    items.push(item.trim());
    return items;
}

const VARIABLE = /^\$([A-Za-z][A-Za-z0-9_]*)$/;

/** Problems of an address (or address list); collects the variables used. */
function addressProblems(text: string, variables: Set<string>): string[] {
    const value = text.startsWith("!") ? text.slice(1) : text;
    if (value.startsWith("[") && value.endsWith("]")) {
        const items = listItems(value);
        if (!items || items.some((i) => i === "")) return [`'${text}' is not a list of addresses`];
        return items.flatMap((i) => addressProblems(i, variables));
    }
    if (value.toLowerCase() === "any") return [];
    const variable = VARIABLE.exec(value);
    if (variable) {
        variables.add(variable[1]);
        return [];
    }
    if (Address4.isValid(value) || Address6.isValid(value)) {
        if (value.includes("/")) {
            const address = value.includes(":") ? new Address6(value) : new Address4(value);
            if (address.startAddress().correctForm() !== address.correctForm().split("/")[0]) {
                return [
                    `'${text}' has host bits set; expected the network address ${address.startAddress().correctForm()}/${address.subnetMask}`,
                ];
            }
        }
        return [];
    }
    return [`'${text}' is not an address; expected any, a CIDR, a $VARIABLE or a [list]`];
}

/** Problems of a port (or port list); collects the variables used. */
function portProblems(text: string, variables: Set<string>): string[] {
    const value = text.startsWith("!") ? text.slice(1) : text;
    if (value.startsWith("[") && value.endsWith("]")) {
        const items = listItems(value);
        if (!items || items.some((i) => i === "")) return [`'${text}' is not a list of ports`];
        return items.flatMap((i) => portProblems(i, variables));
    }
    if (value.toLowerCase() === "any") return [];
    const variable = VARIABLE.exec(value);
    if (variable) {
        variables.add(variable[1]);
        return [];
    }
    const range = /^(\d+)?(:)?(\d+)?$/.exec(value);
    if (!range || (range[1] === undefined && range[3] === undefined)) {
        return [
            `'${text}' is not a port; expected any, a port (443), a range (1024:65535), a $VARIABLE or a [list]`,
        ];
    }
    const from = range[1] === undefined ? 0 : Number(range[1]);
    const to = range[3] === undefined ? (range[2] ? 65535 : from) : Number(range[3]);
    if (from > 65535 || to > 65535) return [`'${text}' is outside 0-65535; expected ports from 0 to 65535`];
    if (from > to)
        return [`'${text}' is a reversed range; expected from:to with from <= to, e.g. ${to}:${from}`];
    return [];
}

/** Splits the option text into `keyword[:value]` parts at unescaped `;` outside quotes. */
function optionParts(text: string): { parts: string[]; unterminated: boolean } {
    const parts: string[] = [];
    let part = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (ch === "\\" && i + 1 < text.length) {
            part += ch + text[i + 1];
            i++;
            continue;
        }
        if (ch === '"') quoted = !quoted;
        if (ch === ";" && !quoted) {
            parts.push(part.trim());
            part = "";
        } else {
            part += ch;
        }
    }
    return { parts: parts.filter((p) => p !== ""), unterminated: part.trim() !== "" || quoted };
}

/** Parses one rule line. */
export function parseSuricataRule(line: string): ParsedSuricataRule {
    const open = line.indexOf("(");
    const close = line.lastIndexOf(")");
    if (open < 0)
        return { problems: ['has no options; expected (msg:"..."; sid:<number>;) after the header'] };
    if (close < open) return { problems: ["has no closing ')'; expected the options to end with ')'"] };
    if (line.slice(close + 1).trim() !== "") {
        return {
            problems: [
                `has text after the options ('${line.slice(close + 1).trim()}'); expected the rule to end with ')'`,
            ],
        };
    }
    const words = headerWords(line.slice(0, open));
    const problems: string[] = [];
    if (words.length !== 7) {
        return {
            problems: [
                `has a header of ${words.length} word(s); expected action protocol source port direction destination port, e.g. drop tls $HOME_NET any -> $EXTERNAL_NET 443`,
            ],
        };
    }
    const [action, protocol, source, sourcePort, direction, destination, destinationPort] = words;
    if (!(SURICATA_ACTIONS as readonly string[]).includes(action.toLowerCase())) {
        problems.push(
            `action '${action}' is not one Network Firewall takes; expected ${SURICATA_ACTIONS.join(", ")}`,
        );
    }
    if (!SURICATA_PROTOCOLS.includes(protocol.toLowerCase())) {
        problems.push(
            `protocol '${protocol}' is not a Suricata protocol; expected e.g. ip, tcp, udp, icmp, http, tls, dns`,
        );
    }
    if (direction !== "->" && direction !== "<>") {
        problems.push(`direction '${direction}' is not a direction; expected -> or <>`);
    }
    const variables = new Set<string>();
    problems.push(
        ...addressProblems(source, variables).map((p) => `source ${p}`),
        ...portProblems(sourcePort, variables).map((p) => `source port ${p}`),
        ...addressProblems(destination, variables).map((p) => `destination ${p}`),
        ...portProblems(destinationPort, variables).map((p) => `destination port ${p}`),
    );
    const { parts, unterminated } = optionParts(line.slice(open + 1, close));
    if (unterminated)
        problems.push(
            "has an option without its closing ';' or quote; expected keyword:value; for every option",
        );
    const options = parts.map((part) => {
        const colon = part.indexOf(":");
        return colon < 0
            ? { keyword: part.trim() }
            : { keyword: part.slice(0, colon).trim(), value: part.slice(colon + 1).trim() };
    });
    for (const o of options) {
        if (!/^[a-z0-9_.-]+$/i.test(o.keyword)) {
            problems.push(
                `option '${o.keyword}' is not a keyword; expected keyword:value; pairs such as msg:"..."; sid:1000001;`,
            );
        }
    }
    const sids = options.filter((o) => o.keyword === "sid");
    let sid: number | undefined;
    if (sids.length === 0) problems.push('has no sid; expected every rule to carry "sid:<number>;"');
    else if (sids.length > 1) problems.push("has more than one sid; expected one sid per rule");
    else if (!/^\d{1,10}$/.test(sids[0].value ?? "") || Number(sids[0].value) < 1) {
        problems.push(
            `sid '${sids[0].value ?? ""}' is not a number; expected a whole number from 1, e.g. sid:1000001;`,
        );
    } else sid = Number(sids[0].value);
    const msg = options.find((o) => o.keyword === "msg");
    if (msg && !/^".*"$/.test(msg.value ?? "")) problems.push('msg is not in quotes; expected msg:"text";');
    if (problems.length > 0) return { problems };
    return {
        rule: {
            action: action.toLowerCase(),
            protocol: protocol.toLowerCase(),
            source,
            sourcePort,
            direction,
            destination,
            destinationPort,
            options,
            sid,
            variables: [...variables],
        },
        problems: [],
    };
}

/**
 * True for a `pass` rule that lets every flow through: any protocol (`ip`), any address and port on
 * both sides, and no option that narrows the match. Under strict order it passes whatever reaches it.
 */
export function passesEverything(rule: SuricataRule): boolean {
    const any = (v: string) => v.toLowerCase() === "any";
    return (
        rule.action === "pass" &&
        rule.protocol === "ip" &&
        [rule.source, rule.sourcePort, rule.destination, rule.destinationPort].every(any) &&
        rule.options.every((o) => DESCRIPTIVE_OPTIONS.has(o.keyword.toLowerCase()))
    );
}
