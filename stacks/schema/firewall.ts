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
import {
    requiredCapacity,
    suggestedCapacity,
    suricataRuleLines,
} from "../../components/network/firewall-rules";
import { cidr } from "./fields";

const PROTOCOL_NUMBERS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17 };

const PROTOCOL_ERROR = "is not a protocol; expected tcp, udp, icmp or a number 0-255";
const protocol = z.union(
    [
        z
            .number()
            .int({ error: PROTOCOL_ERROR })
            .min(0, { error: PROTOCOL_ERROR })
            .max(255, { error: PROTOCOL_ERROR }),
        z.enum(["tcp", "udp", "icmp"], { error: PROTOCOL_ERROR }),
    ],
    { error: PROTOCOL_ERROR },
);

const portRange = z
    .union([z.number(), z.string()], {
        error: 'is not a port; expected a port (443) or a range ("1024-65535")',
    })
    .transform((value, ctx): PortRange => {
        const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(String(value));
        const from = Number(match?.[1]);
        const to = Number(match?.[2] ?? match?.[1]);
        if (!match || from < 0 || to > 65535 || from > to) {
            ctx.issues.push({
                code: "custom",
                input: value,
                message: 'is not a port or port range; expected 0-65535 or "from-to" with from <= to',
            });
            return z.NEVER;
        }
        return { from, to };
    });

const statelessRule = z.strictObject({
    priority: z.number().int().min(1).max(65535),
    action: z.enum(["pass", "drop", "forward"], {
        error: "is not a stateless action; expected pass, drop or forward",
    }),
    protocols: z
        .array(protocol)
        .optional()
        .transform((list) => list?.map((p) => (typeof p === "number" ? p : PROTOCOL_NUMBERS[p]))),
    sources: z.array(cidr).optional(),
    destinations: z.array(cidr).optional(),
    sourcePorts: z.array(portRange).optional(),
    destinationPorts: z.array(portRange).optional(),
}) satisfies z.ZodType<StatelessRule>;

const ADDRESS_ERROR = "is not an address; expected ANY, a CIDR or a rule variable such as $HOME_NET";
const address = z.string({ error: ADDRESS_ERROR }).check((ctx) => {
    if (ctx.value === "ANY" || /^\$[A-Z_][A-Z0-9_]*$/.test(ctx.value)) return;
    const asCidr = cidr.safeParse(ctx.value);
    if (!asCidr.success) {
        // A CIDR with host bits set gets the CIDR's own message (with the network address to use).
        const hostBits = asCidr.error.issues.find((i) => i.message.startsWith("has host bits"));
        ctx.issues.push({ code: "custom", input: ctx.value, message: hostBits?.message ?? ADDRESS_ERROR });
    }
});
const port = z
    .union([z.string(), z.number()])
    .transform(String)
    .refine((p) => /^(ANY|\d{1,5}(:\d{1,5})?|\$[A-Z_][A-Z0-9_]*)$/.test(p), {
        error: 'is not a port; expected ANY, a port (443) or a range ("1024:65535")',
    });

const statefulRule = z.strictObject({
    action: z.enum(["pass", "drop", "alert", "reject"], {
        error: "is not a stateful action; expected pass, drop, alert or reject",
    }),
    protocol: z
        .string()
        .regex(/^[A-Z0-9]+$/, { error: "is not a protocol keyword; expected e.g. TCP, UDP, TLS, DNS" }),
    source: address,
    sourcePort: port,
    destination: address,
    destinationPort: port,
    direction: z.enum(["FORWARD", "ANY"], { error: "is not a direction; expected FORWARD or ANY" }),
    sid: z.number().int().min(1).optional(),
}) satisfies z.ZodType<StatefulRule>;

const base = {
    name: z.string().regex(/^[a-zA-Z0-9-]{1,128}$/, {
        error: "is not a rule group name; expected letters, digits and '-'",
    }),
    description: z.string().max(512).optional(),
    /**
     * Declared, never computed: AWS fixes a group's capacity when it creates the group, and a new one
     * replaces the group, so adding a rule must not change it (checked below against the rules' need).
     */
    capacity: z
        .number({
            error: "is not a number; expected the group's capacity: a whole number from 1 to 30000 that covers its rules with room to grow, e.g. 100 (AWS fixes it when the group is created)",
        })
        .int()
        .min(1)
        .max(30000),
};

const domain = z.string().regex(/^\.?(?!-)[a-z0-9-]{1,63}(\.(?!-)[a-z0-9-]{1,63})+$/, {
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
            action: z.enum(["allow", "deny"], {
                error: "is not a domain-list action; expected allow or deny",
            }),
            domains: z.array(domain).min(1),
            targetTypes: z
                .array(
                    z.enum(["TLS_SNI", "HTTP_HOST"], {
                        error: "is not a target type; expected TLS_SNI or HTTP_HOST",
                    }),
                )
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
    if (group.kind === "stateless") {
        const priorities = group.rules.map((r) => r.priority);
        priorities.forEach((p, i) => {
            const first = priorities.indexOf(p);
            if (first !== i) {
                ctx.addIssue({
                    code: "custom",
                    path: at("rules", i, "priority"),
                    input: p,
                    message: `repeats priority ${p} of rule ${first}; expected a unique priority per rule in a group`,
                });
            }
        });
    } else if (group.kind === "stateful") {
        // A rule without a sid gets its position + 1 (see components/network/firewall-rules.ts), which can collide.
        const sids = group.rules.map((r, i) => r.sid ?? i + 1);
        sids.forEach((sid, i) => {
            const first = sids.indexOf(sid);
            if (first === i) return;
            const firstNote =
                group.rules[first].sid === undefined
                    ? ` (rule ${first} has no sid and defaults to ${sid})`
                    : "";
            if (group.rules[i].sid === undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: at("rules", i),
                    input: group.rules[i],
                    message: `has no sid and defaults to ${sid} (its position + 1), which repeats the sid of rule ${first}${firstNote}; expected an explicit sid unique in the group`,
                });
            } else {
                ctx.addIssue({
                    code: "custom",
                    path: at("rules", i, "sid"),
                    input: sid,
                    message: `repeats sid ${sid} of rule ${first}${firstNote}; expected a unique sid per rule in a group`,
                });
            }
        });
    } else if (group.kind === "suricata") {
        // Rules are counted from 1 over the non-empty, non-comment lines of the block.
        const lines = suricataRuleLines(group.rules);
        const seen = new Map<number, number>();
        lines.forEach((line, i) => {
            const match = /\bsid\s*:\s*(\d+)/.exec(line);
            if (!match) {
                ctx.addIssue({
                    code: "custom",
                    path: at("rules"),
                    input: line,
                    message: `has a rule without a sid (rule ${i + 1}: ${shorten(line)}); expected every Suricata rule to carry "sid:<number>;"`,
                });
                return;
            }
            const sid = Number(match[1]);
            const first = seen.get(sid);
            if (first === undefined) {
                seen.set(sid, i);
            } else {
                ctx.addIssue({
                    code: "custom",
                    path: at("rules"),
                    input: line,
                    message: `repeats sid ${sid} in rule ${i + 1} (first used by rule ${first + 1}); expected a unique sid per rule in a group`,
                });
            }
        });
    }
    const needed = requiredCapacity(group);
    if (group.capacity < needed) {
        ctx.addIssue({
            code: "custom",
            path: at("capacity"),
            input: group.capacity,
            message: `is below the ${needed} the rules need; expected at least ${needed}, e.g. ${suggestedCapacity(needed)} (a new capacity replaces the group: AWS fixes it at creation)`,
        });
    }
}

function shorten(text: string): string {
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The `firewall` section of an environment file. */
export const firewallSchema = z
    .strictObject({
        /** Delete, subnet-change and policy-change protection. Defaults to on in production. */
        protection: z.boolean().optional(),
        logging: z
            .strictObject({
                alert: z.enum(["cloudwatch", "s3"], {
                    error: "is not a log destination; expected cloudwatch or s3",
                }),
                flow: z.enum(["cloudwatch", "s3"], {
                    error: "is not a log destination; expected cloudwatch or s3",
                }),
            })
            .default({ alert: "cloudwatch", flow: "cloudwatch" }),
        ruleGroups: z.array(ruleGroup).min(1, { error: "is empty; expected at least one rule group" }),
    })
    .superRefine((firewall, ctx) => {
        const names = firewall.ruleGroups.map((g) => g.name);
        names.forEach((name, i) => {
            if (names.indexOf(name) !== i) {
                ctx.addIssue({
                    code: "custom",
                    path: ["ruleGroups", i, "name"],
                    input: name,
                    message: `repeats the name of rule group ${names.indexOf(name)}; expected unique rule group names`,
                });
            }
        });
        firewall.ruleGroups.forEach((g, i) => checkGroup(g, ctx, i));
    });
