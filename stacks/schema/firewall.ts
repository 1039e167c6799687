/**
 * Schema of the environment file's `firewall` section: rule groups as data (four kinds) and logging.
 * Output types are the component's own (`FirewallRuleGroupData`), so the stack passes them through.
 */
import { z } from "zod";
import type {
    FirewallRuleGroupData,
    PortRange,
    StatefulRule,
    StatelessRule,
} from "../../components/network/firewall-rules";
import { requiredCapacity, suricataRuleLines } from "../../components/network/firewall-rules";
import { cidr } from "./fields";

const PROTOCOL_NUMBERS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17 };

const protocol = z.union([
    z.number().int().min(0).max(255),
    z.enum(["tcp", "udp", "icmp"], { error: "is not a protocol; expected tcp, udp, icmp or a number 0-255" }),
]);

const portRange = z
    .union([z.number(), z.string()], { error: "is not a port; expected a port (443) or a range (\"1024-65535\")" })
    .transform((value, ctx): PortRange => {
        const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(String(value));
        const from = Number(match?.[1]);
        const to = Number(match?.[2] ?? match?.[1]);
        if (!match || from < 0 || to > 65535 || from > to) {
            ctx.issues.push({
                code: "custom",
                input: value,
                message: "is not a port or port range; expected 0-65535 or \"from-to\" with from <= to",
            });
            return z.NEVER;
        }
        return { from, to };
    });

const statelessRule = z.strictObject({
    priority: z.number().int().min(1).max(65535),
    action: z.enum(["pass", "drop", "forward"], { error: "is not a stateless action; expected pass, drop or forward" }),
    protocols: z
        .array(protocol)
        .optional()
        .transform((list) => list?.map((p) => (typeof p === "number" ? p : PROTOCOL_NUMBERS[p]))),
    sources: z.array(cidr).optional(),
    destinations: z.array(cidr).optional(),
    sourcePorts: z.array(portRange).optional(),
    destinationPorts: z.array(portRange).optional(),
}) satisfies z.ZodType<StatelessRule>;

const address = z.union([z.literal("ANY"), z.string().regex(/^\$[A-Z_][A-Z0-9_]*$/), cidr], {
    error: "is not an address; expected ANY, a CIDR or a rule variable such as $HOME_NET",
});
const port = z
    .union([z.string(), z.number()])
    .transform(String)
    .refine((p) => /^(ANY|\d{1,5}(:\d{1,5})?|\$[A-Z_][A-Z0-9_]*)$/.test(p), {
        error: "is not a port; expected ANY, a port (443) or a range (\"1024:65535\")",
    });

const statefulRule = z.strictObject({
    action: z.enum(["pass", "drop", "alert", "reject"], {
        error: "is not a stateful action; expected pass, drop, alert or reject",
    }),
    protocol: z.string().regex(/^[A-Z0-9]+$/, { error: "is not a protocol keyword; expected e.g. TCP, UDP, TLS, DNS" }),
    source: address,
    sourcePort: port,
    destination: address,
    destinationPort: port,
    direction: z.enum(["FORWARD", "ANY"], { error: "is not a direction; expected FORWARD or ANY" }),
    sid: z.number().int().min(1).optional(),
}) satisfies z.ZodType<StatefulRule>;

const base = {
    name: z
        .string()
        .regex(/^[a-zA-Z0-9-]{1,128}$/, { error: "is not a rule group name; expected letters, digits and '-'" }),
    description: z.string().max(512).optional(),
    capacity: z.number().int().min(1).max(30000).optional(),
};

const domain = z
    .string()
    .regex(/^\.?(?!-)[a-z0-9-]{1,63}(\.(?!-)[a-z0-9-]{1,63})+$/, {
        error: "is not a domain; expected e.g. example.com, or .example.com for every subdomain",
    });

const ruleGroup = z.discriminatedUnion(
    "kind",
    [
        z.strictObject({ kind: z.literal("stateless"), ...base, rules: z.array(statelessRule).min(1) }),
        z.strictObject({ kind: z.literal("stateful"), ...base, rules: z.array(statefulRule).min(1) }),
        z.strictObject({
            kind: z.literal("domain-list"),
            ...base,
            action: z.enum(["allow", "deny"], { error: "is not a domain-list action; expected allow or deny" }),
            domains: z.array(domain).min(1),
            targetTypes: z
                .array(z.enum(["TLS_SNI", "HTTP_HOST"], { error: "is not a target type; expected TLS_SNI or HTTP_HOST" }))
                .min(1),
        }),
        z.strictObject({
            kind: z.literal("suricata"),
            ...base,
            rules: z.string().refine((r) => suricataRuleLines(r).length > 0, {
                error: "has no rules; expected one Suricata rule per line",
            }),
        }),
    ],
    { error: "has an unknown rule kind; expected stateless, stateful, domain-list or suricata" },
);

/** Cross-field checks inside one rule group: unique priorities and SIDs, capacity large enough. */
function checkGroup(group: FirewallRuleGroupData, ctx: z.RefinementCtx, index: number): void {
    const at = (...rest: (string | number)[]) => ["ruleGroups", index, ...rest];
    const duplicates = (values: number[], field: string, path: (i: number) => (string | number)[]) => {
        values.forEach((v, i) => {
            if (values.indexOf(v) !== i) {
                ctx.addIssue({ code: "custom", path: path(i), input: v, message: `repeats ${field} ${v} of rule ${values.indexOf(v)}; expected unique ${field}s in a group` });
            }
        });
    };
    if (group.kind === "stateless") {
        duplicates(group.rules.map((r) => r.priority), "priority", (i) => at("rules", i, "priority"));
    } else if (group.kind === "stateful") {
        duplicates(group.rules.map((r, i) => r.sid ?? i + 1), "sid", (i) => at("rules", i, "sid"));
    } else if (group.kind === "suricata") {
        const lines = suricataRuleLines(group.rules);
        const sids = lines.map((line) => Number(/\bsid\s*:\s*(\d+)/.exec(line)?.[1] ?? NaN));
        sids.forEach((sid, i) => {
            if (Number.isNaN(sid)) {
                ctx.addIssue({ code: "custom", path: at("rules"), input: lines[i], message: `line ${i + 1} has no sid; expected every Suricata rule to carry "sid:<number>;"` });
            }
        });
        duplicates(sids.filter((s) => !Number.isNaN(s)), "sid", () => at("rules"));
    }
    const needed = requiredCapacity(group);
    if (group.capacity !== undefined && group.capacity < needed) {
        ctx.addIssue({ code: "custom", path: at("capacity"), input: group.capacity, message: `is below the ${needed} the rules need; expected at least ${needed} (leave room to grow: capacity is fixed at creation)` });
    }
}

/** The `firewall` section of an environment file. */
export const firewallSchema = z
    .strictObject({
        /** Delete, subnet-change and policy-change protection. Defaults to on in production. */
        protection: z.boolean().optional(),
        logging: z
            .strictObject({
                alert: z.enum(["cloudwatch", "s3"], { error: "is not a log destination; expected cloudwatch or s3" }),
                flow: z.enum(["cloudwatch", "s3"], { error: "is not a log destination; expected cloudwatch or s3" }),
            })
            .default({ alert: "cloudwatch", flow: "cloudwatch" }),
        ruleGroups: z.array(ruleGroup).min(1, { error: "is empty; expected at least one rule group" }),
    })
    .superRefine((firewall, ctx) => {
        const names = firewall.ruleGroups.map((g) => g.name);
        names.forEach((name, i) => {
            if (names.indexOf(name) !== i) {
                ctx.addIssue({ code: "custom", path: ["ruleGroups", i, "name"], input: name, message: `repeats the name of rule group ${names.indexOf(name)}; expected unique rule group names` });
            }
        });
        firewall.ruleGroups.forEach((g, i) => checkGroup(g, ctx, i));
    });
