/**
 * A strict reader of the XML subset SVG files use (declaration, elements, attributes, text, the five
 * predefined entities and character references): throws on anything not well-formed, and returns the
 * elements with their attributes and text, for assertions.
 */

/** One element, with the text directly inside it (entities decoded). */
export interface XmlElement {
    readonly name: string;
    readonly attributes: Readonly<Record<string, string>>;
    readonly children: XmlElement[];
    text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string, at: number): string {
    return text.replace(/&([^;\s]*);?/g, (match, body: string) => {
        if (!match.endsWith(";")) throw new Error(`bare '&' at ${at}`);
        if (body in ENTITIES) return ENTITIES[body];
        const code =
            /^#(\d+)$/.exec(body)?.[1] ??
            (/^#x([0-9a-fA-F]+)$/.exec(body)?.[1] ? String(parseInt(body.slice(2), 16)) : undefined);
        if (code === undefined) throw new Error(`unknown entity '&${body};' at ${at}`);
        return String.fromCodePoint(Number(code));
    });
}

/** Parses `xml`; throws with a position on the first well-formedness error. */
export function parseXml(xml: string): XmlElement {
    let i = 0;
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    if (xml.startsWith("<?xml")) {
        const end = xml.indexOf("?>");
        if (end < 0) throw new Error("unterminated XML declaration");
        i = end + 2;
    }
    while (i < xml.length) {
        const lt = xml.indexOf("<", i);
        const text = xml.slice(i, lt < 0 ? xml.length : lt);
        if (text.includes(">")) throw new Error(`'>' in text at ${i}`);
        if (stack.length > 0) stack[stack.length - 1].text += decode(text, i);
        else if (text.trim() !== "") throw new Error(`text outside the root element at ${i}`);
        if (lt < 0) break;
        i = lt;
        if (xml.startsWith("<!--", i)) {
            const end = xml.indexOf("-->", i);
            if (end < 0) throw new Error(`unterminated comment at ${i}`);
            i = end + 3;
            continue;
        }
        if (xml.startsWith("</", i)) {
            const name = NAME.exec(xml.slice(i + 2))?.[0];
            const open = stack.pop();
            if (!name || !open || open.name !== name) throw new Error(`mismatched </${name}> at ${i}`);
            const end = xml.indexOf(">", i);
            if (xml.slice(i + 2 + name.length, end).trim() !== "") throw new Error(`junk in end tag at ${i}`);
            i = end + 1;
            continue;
        }
        const name = NAME.exec(xml.slice(i + 1))?.[0];
        if (!name) throw new Error(`bad tag name at ${i}`);
        i += 1 + name.length;
        const attributes: Record<string, string> = {};
        for (;;) {
            const ws = /^\s*/.exec(xml.slice(i))![0].length;
            i += ws;
            if (xml.startsWith("/>", i) || xml.startsWith(">", i)) break;
            if (ws === 0) throw new Error(`missing space before attribute at ${i}`);
            const attr = NAME.exec(xml.slice(i))?.[0];
            if (!attr) throw new Error(`bad attribute at ${i}`);
            i += attr.length;
            const quote = /^\s*=\s*(["'])/.exec(xml.slice(i));
            if (!quote) throw new Error(`unquoted attribute ${attr} at ${i}`);
            i += quote[0].length;
            const end = xml.indexOf(quote[1], i);
            if (end < 0) throw new Error(`unterminated attribute ${attr} at ${i}`);
            const value = xml.slice(i, end);
            if (value.includes("<")) throw new Error(`'<' in attribute ${attr} at ${i}`);
            if (attr in attributes) throw new Error(`duplicate attribute ${attr} at ${i}`);
            attributes[attr] = decode(value, i);
            i = end + 1;
        }
        const element: XmlElement = { name, attributes, children: [], text: "" };
        if (stack.length > 0) stack[stack.length - 1].children.push(element);
        else if (root) throw new Error(`second root element at ${i}`);
        else root = element;
        if (xml.startsWith("/>", i)) {
            i += 2;
        } else {
            i += 1;
            stack.push(element);
        }
    }
    if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
    if (!root) throw new Error("no root element");
    return root;
}

/** Every element named `name` under `root` (depth first). */
export function elements(root: XmlElement, name: string): XmlElement[] {
    const found: XmlElement[] = [];
    const walk = (e: XmlElement) => {
        if (e.name === name) found.push(e);
        e.children.forEach(walk);
    };
    walk(root);
    return found;
}
