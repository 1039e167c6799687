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
    ruleGroupSpec,
    suggestedCapacity,
    suricataRuleLines,
} from "../../components/network/firewall-rules";
import { closestName } from "./names";
import {
    broadAllowProblem,
    misorderedGroups,
    VARIABLE_NAME,
    type RuleVariables,
} from "../../components/network/firewall-variables";
import { cidr } from "./fields";
import { parseSuricataRule, passesEverything } from "./suricata";

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
const PORT_ERROR =
    'is not a port; expected ANY, a port (443), a range ("1024:65535") or a rule variable such as $WEB_PORTS';
const port = z
    .union([z.string(), z.number()], { error: PORT_ERROR })
    .transform(String)
    .check((ctx) => {
        const value = ctx.value;
        const range = /^(\d{1,5})(?::(\d{1,5}))?$/.exec(value);
        if (value === "ANY" || /^\$[A-Za-z][A-Za-z0-9_]*$/.test(value)) return;
        const problem = !range
            ? PORT_ERROR
            : Number(range[1]) > 65535 || Number(range[2] ?? 0) > 65535
              ? "is outside 0-65535; expected ports from 0 to 65535"
              : range[2] !== undefined && Number(range[1]) > Number(range[2])
                ? `is a reversed range; expected from:to with from <= to, e.g. ${range[2]}:${range[1]}`
                : undefined;
        if (problem) ctx.issues.push({ code: "custom", input: value, message: problem });
    });

/**
 * The protocols of a standard stateful rule's header (Network Firewall API reference, Header.Protocol;
 * the same list in @pulumi/aws's RuleGroupRuleGroupRulesSourceStatefulRuleHeader.protocol).
 */
export const STATEFUL_PROTOCOLS = [
    "IP",
    "TCP",
    "UDP",
    "ICMP",
    "HTTP",
    "FTP",
    "TLS",
    "SMB",
    "DNS",
    "DCERPC",
    "SSH",
    "SMTP",
    "IMAP",
    "MSN",
    "KRB5",
    "IKEV2",
    "TFTP",
    "NTP",
    "DHCP",
];

const statefulRule = z.strictObject({
    action: z.enum(["pass", "drop", "alert", "reject"], {
        error: "is not a stateful action; expected pass, drop, alert or reject",
    }),
    protocol: z
        .string({ error: `is not a protocol keyword; expected one of ${STATEFUL_PROTOCOLS.join(", ")}` })
        .refine((p) => STATEFUL_PROTOCOLS.includes(p), {
            error: `is not a protocol of Network Firewall's stateful rules; expected one of ${STATEFUL_PROTOCOLS.join(", ")}`,
        }),
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
    /** Network Firewall API reference, CreateRuleGroup: Description, at most 512, pattern `^.*$` (one line). */
    description: z
        .string({ error: "is not text; expected a one-line description" })
        .max(512, { error: "is longer than 512 characters; expected at most 512 (Network Firewall's limit)" })
        .refine((d) => !/[\r\n]/.test(d), {
            error: "has a line break, which Network Firewall refuses (pattern ^.*$); expected one line",
        })
        .optional(),
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
        checkSuricata(group.rules, ctx, at);
    } else if (group.kind === "domain-list") {
        repeated(group.domains, (d, i, first) =>
            ctx.addIssue({
                code: "custom",
                path: at("domains", i),
                input: d,
                message: `repeats domain ${first}; expected each domain once`,
            }),
        );
        repeated(group.targetTypes, (t, i, first) =>
            ctx.addIssue({
                code: "custom",
                path: at("targetTypes", i),
                input: t,
                message: `repeats target type ${first}; expected each target type once`,
            }),
        );
    }
    if (group.kind === "stateless") {
        group.rules.forEach((rule, i) => {
            if (rule.action === "pass" && statelessMatchesEverything(rule)) {
                ctx.addIssue({
                    code: "custom",
                    path: at("rules", i, "action"),
                    input: rule.action,
                    message:
                        "passes every packet (no protocol, address or port narrows the rule), so the stateful engine never inspects anything; expected match fields that narrow it, or action forward",
                });
            }
        });
    }
    if (group.kind === "stateful") {
        group.rules.forEach((rule, i) => {
            const any = [rule.source, rule.sourcePort, rule.destination, rule.destinationPort].every(
                (v) => v === "ANY" || v === "0.0.0.0/0",
            );
            if (rule.action === "pass" && rule.protocol === "IP" && any) {
                ctx.addIssue({
                    code: "custom",
                    path: at("rules", i, "action"),
                    input: rule.action,
                    message:
                        "passes every flow (pass IP ANY ANY -> ANY ANY), so no rule after it is ever reached; expected a narrower protocol, address or port",
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

/** Calls `report(value, index, firstIndex)` for every repeat in `values`. */
function repeated<T>(values: readonly T[], report: (value: T, index: number, first: number) => void): void {
    values.forEach((v, i) => {
        const first = values.indexOf(v);
        if (first !== i) report(v, i, first);
    });
}

/** A stateless rule with no protocol, address or port that narrows it. */
function statelessMatchesEverything(rule: StatelessRule): boolean {
    const anyAddress = (list?: readonly string[]) => !list || list.length === 0 || list.includes("0.0.0.0/0");
    const anyPort = (list?: readonly PortRange[]) =>
        !list || list.length === 0 || list.some((r) => r.from === 0 && r.to === 65535);
    return (
        (!rule.protocols || rule.protocols.length === 0) &&
        anyAddress(rule.sources) &&
        anyAddress(rule.destinations) &&
        anyPort(rule.sourcePorts) &&
        anyPort(rule.destinationPorts)
    );
}

/**
 * Every Suricata rule of a block parsed as Network Firewall will: a problem names the rule (its
 * number among the block's rules) and carries its line in the block, so it is reported on the rule's
 * own line of the file.
 */
function checkSuricata(
    rules: string,
    ctx: z.RefinementCtx,
    at: (...rest: (string | number)[]) => (string | number)[],
): void {
    const seen = new Map<number, number>();
    let number = 0;
    rules.split("\n").forEach((raw, lineIndex) => {
        const line = raw.trim();
        if (line === "" || line.startsWith("#")) return;
        number++;
        const report = (message: string) =>
            ctx.addIssue({
                code: "custom",
                path: at("rules"),
                input: line,
                message: `(rule ${number}) ${message}`,
                params: { valueLine: lineIndex, value: line },
            });
        const parsed = parseSuricataRule(line);
        for (const problem of parsed.problems) report(problem);
        const rule = parsed.rule;
        if (!rule) return;
        if (rule.sid !== undefined) {
            const first = seen.get(rule.sid);
            if (first === undefined) seen.set(rule.sid, number);
            else
                report(`repeats sid ${rule.sid} of rule ${first}; expected a unique sid per rule in a group`);
        }
        if (passesEverything(rule)) {
            report(
                "passes every flow (pass ip any any -> any any with nothing to narrow it), so no rule after it is ever reached; expected a narrower protocol, address, port or option",
            );
        }
    });
}

/**
 * Variables Network Firewall defines without being told: HOME_NET (by default the inspection VPC's
 * CIDR; API reference, PolicyVariables) and EXTERNAL_NET (Suricata's negation of HOME_NET).
 */
const IMPLICIT_VARIABLES = ["HOME_NET", "EXTERNAL_NET"];

/** What {@link checkRuleVariables} knows beyond the groups: the variables the stack defines. */
export interface RuleVariableContext {
    /** The IP-set variables the stack gives every stateful group (derived from the environment). */
    readonly variables?: RuleVariables;
    /** Names another check reports when used but empty (e.g. `$ON_PREM` without on premises). */
    readonly reportedElsewhere?: readonly string[];
}

/**
 * Every rule variable a rule uses is defined: by Network Firewall itself, or by the rule variables the
 * stack gives the group (read from the rule group settings it declares, so they cannot drift).
 */
export function checkRuleVariables(
    groups: readonly FirewallRuleGroupData[],
    homeNet: readonly string[],
    prefix: (string | number)[],
    issue: (
        path: (string | number)[],
        input: unknown,
        message: string,
        params?: Record<string, unknown>,
    ) => void,
    context: RuleVariableContext = {},
): void {
    const skip = context.reportedElsewhere ?? [];
    groups.forEach((group, index) => {
        const spec = ruleGroupSpec(group, homeNet, context.variables) as {
            ruleVariables?: { ipSets?: { key: string }[]; portSets?: { key: string }[] };
        };
        const defined = [
            ...new Set([
                ...IMPLICIT_VARIABLES,
                ...(spec.ruleVariables?.ipSets ?? []).map((s) => s.key),
                ...(spec.ruleVariables?.portSets ?? []).map((s) => s.key),
            ]),
        ];
        for (const use of ruleVariablesUsed(group)) {
            if (defined.includes(use.name) || skip.includes(use.name)) continue;
            const meant = closestName(use.name, defined);
            const message = `uses $${use.name}, which is not defined; expected ${meant ? `$${meant}, or ` : ""}one of ${defined.map((d) => `$${d}`).join(", ")}`;
            if (group.kind === "suricata") {
                issue([...prefix, "ruleGroups", index, "rules"], use.text, `(rule ${use.rule}) ${message}`, {
                    valueLine: use.valueLine,
                    value: use.text,
                });
            } else {
                issue(
                    [...prefix, "ruleGroups", index, "rules", use.rule, use.field ?? "source"],
                    use.text,
                    message,
                );
            }
        }
    });
}

/** A rule variable a rule uses: its name (without `$`), the rule, and where the rule is. */
interface VariableUse {
    readonly name: string;
    /** The rule's index (stateful) or number in the block (Suricata). */
    readonly rule: number;
    /** The field of a stateful rule that uses it. */
    readonly field?: string;
    /** The line of a Suricata rule in its block. */
    readonly valueLine?: number;
    /** What to show as the value: the field's text, or the Suricata rule. */
    readonly text: string;
}

/** The rule variables the stateful rules and Suricata rules of `group` use. */
export function ruleVariablesUsed(group: FirewallRuleGroupData): VariableUse[] {
    if (group.kind === "stateful") {
        return group.rules.flatMap((r, i) =>
            (["source", "sourcePort", "destination", "destinationPort"] as const)
                .filter((field) => r[field].startsWith("$"))
                .map((field) => ({ name: r[field].slice(1), rule: i, field, text: r[field] })),
        );
    }
    if (group.kind === "suricata") {
        let number = 0;
        return group.rules.split("\n").flatMap((raw, valueLine) => {
            const line = raw.trim();
            if (line === "" || line.startsWith("#")) return [];
            number++;
            const rule = number;
            return (parseSuricataRule(line).rule?.variables ?? []).map((name) => ({
                name,
                rule,
                valueLine,
                text: line,
            }));
        });
    }
    return [];
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
        /**
         * Named address ranges of your own (partner networks, public services) that rules may use as
         * `$NAME`, next to the variables derived from the environment. Every literal address a rule names
         * must lie in a range of the environment or of these.
         */
        variables: z
            .record(
                z.string().regex(VARIABLE_NAME, {
                    error: "is not a variable name; expected upper-case letters, digits and '_', starting with a letter (at most 32), e.g. PARTNER_API",
                }),
                z.array(cidr, { error: "is not a list; expected a list of CIDRs" }).min(1, {
                    error: "is empty; expected at least one CIDR",
                }),
            )
            .default({}),
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
        for (const { index, after } of misorderedGroups(firewall.ruleGroups)) {
            const group = firewall.ruleGroups[index];
            ctx.addIssue({
                code: "custom",
                path: ["ruleGroups", index, "name"],
                input: group.name,
                message: `drops or alerts but comes after the allow group '${firewall.ruleGroups[after].name}' (ruleGroups.${after}): under STRICT_ORDER the engine stops at the first group that passes a flow, so this group never sees what that one allows; expected deny and alert groups before allow groups: move it above ruleGroups.${after}`,
            });
        }
        firewall.ruleGroups.forEach((group, index) => {
            if (group.kind !== "domain-list" || group.action !== "allow") return;
            group.domains.forEach((domain, i) => {
                const problem = broadAllowProblem(domain);
                if (problem) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["ruleGroups", index, "domains", i],
                        input: domain,
                        message: problem,
                    });
                }
            });
        });
    });
