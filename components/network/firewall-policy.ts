import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withName } from "../shared/aws-context";
import {
    declaredCapacity,
    ruleGroupSpec,
    ruleGroupType,
    type DomainListRuleGroupData,
    type FirewallRuleGroupData,
} from "./firewall-rules";
import {
    addressesOf,
    BUILT_IN_VARIABLES,
    misorderedGroups,
    variableReferences,
    type RuleVariables,
} from "./firewall-variables";

/** Arguments of {@link FirewallPolicy}. */
export interface FirewallPolicyArgs {
    /**
     * Rule groups as data, evaluated in the order given (stateless groups first, then stateful ones in
     * strict order). Each becomes its own `RuleGroup`, so rules change without touching routes.
     */
    readonly ruleGroups: readonly FirewallRuleGroupData[];
    /**
     * CIDRs the stateful engine treats as `HOME_NET` (the spoke supernet with central inspection).
     */
    readonly homeNet: readonly string[];
    /**
     * IP-set rule variables of every stateful group besides `HOME_NET`, by name (`SPOKES`,
     * `SHARED_SERVICES`, `ON_PREM`, `INBOUND_RESOLVERS`, ...): the rules name ranges through them, so
     * the same rules hold in every environment. Each rule's `$NAME` must be one of these.
     * @default {} - HOME_NET only
     */
    readonly ruleVariables?: RuleVariables;
    /**
     * The hub's own egress: domain allow-lists evaluated before every group of `ruleGroups`, each with
     * its own `HOME_NET` (the hub range whose web traffic it decides, e.g. the shared-services VPC where
     * the onboarding registrar calls the EC2 and Route 53 APIs). A rule group's `HOME_NET` overrides the
     * policy's (https://docs.aws.amazon.com/network-firewall/latest/developerguide/rule-groups-variables.html),
     * so such a group decides nothing for traffic from any other range.
     * @default [] - none
     */
    readonly hubRuleGroups?: readonly HubRuleGroup[];
    /**
     * A VPC managed prefix list of addresses to drop in both directions, before any other stateful
     * rule: its rule group is the policy's first (`BLOCK_LIST_PRIORITY`). The firewall reads the list's
     * entries as they change, with no update of the group (IP set references:
     * https://docs.aws.amazon.com/network-firewall/latest/developerguide/rule-groups-ip-set-references.html).
     * @default undefined - no block list
     */
    readonly blockListArn?: pulumi.Input<string>;
    /** Description of the policy. @default "hub-network inspection policy" */
    readonly description?: string;
    /** Tags for every child, next to its `Name`. @default no extra tags */
    readonly tags?: Readonly<Record<string, string>>;
}

/** A domain allow-list of the hub's own, deciding only for its `homeNet`. */
export interface HubRuleGroup {
    /** The group (an `allow` domain list). */
    readonly group: DomainListRuleGroupData;
    /** The hub ranges whose web traffic it decides. */
    readonly homeNet: readonly string[];
}

/** The block list's IP set reference name, `@BLOCK_LIST` in its rules. */
export const BLOCK_LIST_REFERENCE = "BLOCK_LIST";
/** The block-list group's priority: below every data group's (10, 20, ...), so it decides first. */
export const BLOCK_LIST_PRIORITY = 1;
/**
 * The block-list group's Suricata rules: drop every packet from or to a listed address, with an alert
 * naming the list, whatever else the policy would pass.
 */
export const BLOCK_LIST_RULES = [
    `drop ip @${BLOCK_LIST_REFERENCE} any -> any any (msg:"hub-network block list: from a blocked address"; sid:9100001; rev:1;)`,
    `drop ip any any -> @${BLOCK_LIST_REFERENCE} any (msg:"hub-network block list: to a blocked address"; sid:9100002; rev:1;)`,
].join("\n");
/** The block-list group's capacity: a stateful group needs one per rule; room for a few more. */
export const BLOCK_LIST_CAPACITY = 10;

/** The stateful default actions: drop what no rule passed, and log it. */
export const STATEFUL_DEFAULT_ACTIONS = ["aws:drop_established", "aws:alert_established"];
/** The stateless default actions: hand every packet to the stateful engine. */
export const STATELESS_DEFAULT_ACTIONS = ["aws:forward_to_sfe"];

/**
 * An AWS Network Firewall policy built from rule data: stateless defaults `aws:forward_to_sfe` (full and
 * fragmented packets), stateful engine in `STRICT_ORDER` with default actions `aws:drop_established`
 * and `aws:alert_established`, and one rule group per entry with its declared capacity (checked
 * against what its rules need before anything is declared).
 */
export class FirewallPolicy extends pulumi.ComponentResource {
    readonly policy: aws.networkfirewall.FirewallPolicy;
    /** Rule groups by their data name. */
    readonly ruleGroups: Readonly<Record<string, aws.networkfirewall.RuleGroup>>;
    readonly policyArn: pulumi.Output<string>;

    constructor(name: string, args: FirewallPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hub-network:network:FirewallPolicy", name, {}, opts);
        validateRuleGroups(name, args);
        const groups: Record<string, aws.networkfirewall.RuleGroup> = {};
        const stateless: { priority: number; resourceArn: pulumi.Output<string> }[] = [];
        const stateful: { priority: number; resourceArn: pulumi.Output<string> }[] = [];
        // Every capacity is checked before any group is declared.
        const entries = [
            ...(args.hubRuleGroups ?? []).map((h) => ({
                data: h.group as FirewallRuleGroupData,
                homeNet: h.homeNet,
            })),
            ...args.ruleGroups.map((data) => ({ data, homeNet: args.homeNet })),
        ];
        const capacities = entries.map(({ data }) => declaredCapacity(`FirewallPolicy ${name}`, data));
        if (args.blockListArn !== undefined) {
            const blockList = new aws.networkfirewall.RuleGroup(
                `${name}-block-list`,
                {
                    type: "STATEFUL",
                    capacity: BLOCK_LIST_CAPACITY,
                    description:
                        "Drops traffic from and to the addresses GuardDuty findings put on the block list",
                    ruleGroup: {
                        statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
                        referenceSets: {
                            ipSetReferences: [
                                {
                                    key: BLOCK_LIST_REFERENCE,
                                    ipSetReferences: [{ referenceArn: args.blockListArn }],
                                },
                            ],
                        },
                        rulesSource: { rulesString: BLOCK_LIST_RULES },
                    },
                    tags: { ...withName(args.tags, "block-list"), "hub-network:rule-kind": "block-list" },
                },
                { parent: this },
            );
            groups["block-list"] = blockList;
            stateful.push({ priority: BLOCK_LIST_PRIORITY, resourceArn: blockList.arn });
        }
        for (const [i, { data, homeNet }] of entries.entries()) {
            const group = new aws.networkfirewall.RuleGroup(
                `${name}-${data.name}`,
                {
                    type: ruleGroupType(data),
                    capacity: capacities[i],
                    description: data.description,
                    ruleGroup: ruleGroupSpec(data, homeNet, args.ruleVariables),
                    tags: { ...withName(args.tags, data.name), "hub-network:rule-kind": data.kind },
                },
                { parent: this },
            );
            groups[data.name] = group;
            // 10, 20, ... per kind, in order, whether or not the block list (priority 1) comes first.
            const list = data.kind === "stateless" ? stateless : stateful;
            const before = entries
                .slice(0, i)
                .filter((e) => (e.data.kind === "stateless") === (data.kind === "stateless"));
            list.push({ priority: (before.length + 1) * 10, resourceArn: group.arn });
        }
        this.ruleGroups = groups;
        this.policy = new aws.networkfirewall.FirewallPolicy(
            `${name}-policy`,
            {
                description: args.description ?? "hub-network inspection policy",
                firewallPolicy: {
                    statelessDefaultActions: STATELESS_DEFAULT_ACTIONS,
                    statelessFragmentDefaultActions: STATELESS_DEFAULT_ACTIONS,
                    statelessRuleGroupReferences: stateless,
                    statefulEngineOptions: { ruleOrder: "STRICT_ORDER", streamExceptionPolicy: "DROP" },
                    statefulDefaultActions: STATEFUL_DEFAULT_ACTIONS,
                    statefulRuleGroupReferences: stateful,
                },
                tags: withName(args.tags, `${name}-policy`),
            },
            { parent: this },
        );
        this.policyArn = this.policy.arn;
        this.registerOutputs({ policyArn: this.policyArn });
    }
}

/**
 * Refuses rule groups the policy would evaluate wrongly: a deny or alert group after an allow group
 * (under `STRICT_ORDER` it would never fire), or a rule naming a variable no group defines.
 * @throws Error naming the component, the group and the fix
 */
function validateRuleGroups(name: string, args: FirewallPolicyArgs): void {
    const groups = args.ruleGroups;
    if (args.blockListArn !== undefined && groups.some((g) => g.name === "block-list")) {
        throw new Error(
            `FirewallPolicy ${name}: a rule group is named 'block-list', the name of the block list's own group; rename it`,
        );
    }
    for (const hub of args.hubRuleGroups ?? []) {
        if (hub.group.action !== "allow" || groups.some((g) => g.name === hub.group.name)) {
            throw new Error(
                `FirewallPolicy ${name}: hub rule group '${hub.group.name}' must be an allow list with a name no rule group of the environment uses`,
            );
        }
    }
    for (const { index, after } of misorderedGroups(groups)) {
        throw new Error(
            `FirewallPolicy ${name}: rule group '${groups[index].name}' drops or alerts but comes after the allow group '${groups[after].name}', which decides first under STRICT_ORDER; put deny and alert groups before allow groups`,
        );
    }
    // A variable without a CIDR is left out of the groups (Network Firewall needs one definition).
    const defined = Object.entries(args.ruleVariables ?? {}).filter(([, cidrs]) => cidrs.length > 0);
    const known = [...new Set([...BUILT_IN_VARIABLES, ...defined.map(([key]) => key)])];
    for (const group of groups) {
        for (const use of addressesOf(group)) {
            const unknown = variableReferences(use.value).find((v) => !known.includes(v));
            if (unknown) {
                throw new Error(
                    `FirewallPolicy ${name}: rule group '${group.name}' refers to $${unknown}, which is not a rule variable; expected one of ${known.map((k) => `$${k}`).join(", ")}`,
                );
            }
        }
    }
}
