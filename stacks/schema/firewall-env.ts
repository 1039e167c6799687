/**
 * The firewall's rule variables derived from an environment file, and the checks that tie the rule
 * groups to the environment: every `$VARIABLE` a rule names is defined, and every literal address lies
 * inside a range of the environment (so rules copied from another environment fail here, not in
 * production).
 */
import {
    addressesOf,
    addressProblem,
    BUILT_IN_VARIABLES,
    variableReferences,
    type RuleVariables,
} from "../../components/network/firewall-variables";
import type { FirewallRuleGroupData } from "../../components/network/firewall-rules";
import { defaultInboundIps, planSharedServices } from "../../components/network/shared-services-plan";

/** The facts of an environment file the firewall's variables come from (a parsed `Environment` has them). */
export interface FirewallEnvironment {
    readonly regions: {
        readonly primary: Region;
        readonly dr?: Region;
    };
    readonly addressing: { readonly supernet: string; readonly spokePool: string };
    readonly onPremises: { readonly cidrs: readonly string[]; readonly dnsServers: readonly string[] };
    readonly firewall: {
        readonly ruleGroups: readonly FirewallRuleGroupData[];
        readonly variables: Readonly<Record<string, readonly string[]>>;
    };
}

/** One region, as the variables need it. */
interface Region {
    readonly availabilityZones: number;
    readonly cidrs: { readonly sharedServices: string };
    readonly dns?: { readonly inboundIps?: readonly string[] };
}

/** Reports one problem of the file: the field path, the value found, what is wrong and expected. */
type Issue = (path: (string | number)[], input: unknown, message: string) => void;

/** The variables derived from the environment file, in the order the docs list them. */
export const DERIVED_VARIABLES = [
    "SPOKES",
    "SHARED_SERVICES",
    "INBOUND_RESOLVERS",
    "ON_PREM",
    "ON_PREM_DNS",
] as const;

/** The regions of an environment, primary first. */
function regionsOf(env: Pick<FirewallEnvironment, "regions">): Region[] {
    return [env.regions.primary, ...(env.regions.dr ? [env.regions.dr] : [])];
}

/**
 * The Route 53 Resolver inbound addresses of every region: those the file pins
 * (`regions.<key>.dns.inboundIps`), else the default address of each AZ's resolver subnet.
 */
export function inboundResolverIps(env: Pick<FirewallEnvironment, "regions">): string[] {
    return regionsOf(env).flatMap((r) => {
        if (r.dns?.inboundIps) return [...r.dns.inboundIps];
        const azKeys = Array.from({ length: r.availabilityZones }, (_, i) => `az${i + 1}`);
        try {
            return defaultInboundIps(planSharedServices(r.cidrs.sharedServices, azKeys));
        } catch {
            return []; // a range too small for its AZs is reported where the regions are checked
        }
    });
}

/**
 * The rule variables of every stateful rule group, from the environment: `SPOKES` (the spoke pool),
 * `SHARED_SERVICES` (the shared-services VPC of every region), `INBOUND_RESOLVERS` (their inbound
 * Resolver addresses), `ON_PREM` and `ON_PREM_DNS` (the on-premises ranges and DNS servers, when
 * there are any), and the file's own `firewall.variables`. `HOME_NET` (the supernet) is set apart.
 */
export function environmentRuleVariables(env: FirewallEnvironment): Record<string, string[]> {
    const host = (ip: string) => `${ip}/32`;
    const derived: Record<string, string[]> = {
        SPOKES: [env.addressing.spokePool],
        SHARED_SERVICES: regionsOf(env).map((r) => r.cidrs.sharedServices),
        INBOUND_RESOLVERS: inboundResolverIps(env).map(host),
        ON_PREM: [...env.onPremises.cidrs],
        ON_PREM_DNS: env.onPremises.dnsServers.map(host),
    };
    const variables: Record<string, string[]> = {};
    for (const [name, cidrs] of Object.entries({ ...derived, ...env.firewall.variables })) {
        if (cidrs.length > 0) variables[name] = [...cidrs];
    }
    return variables;
}

/** The ranges a literal address in a rule may fall in: the supernet, on premises and the declared variables. */
export function environmentRanges(env: FirewallEnvironment): string[] {
    return [
        env.addressing.supernet,
        ...env.onPremises.cidrs,
        ...env.onPremises.dnsServers.map((ip) => `${ip}/32`),
        ...Object.values(env.firewall.variables).flat(),
    ];
}

/**
 * Reports rule addresses that name nothing in this environment: a `$VARIABLE` that is not defined
 * (an on-premises variable where there is no on premises, a misspelt name) and a literal CIDR outside
 * every range of the environment; and a declared variable that reuses a built-in or derived name.
 */
export function checkFirewallAddresses(env: FirewallEnvironment, issue: Issue): void {
    const reserved: readonly string[] = [...BUILT_IN_VARIABLES, ...DERIVED_VARIABLES];
    for (const name of Object.keys(env.firewall.variables)) {
        if (reserved.includes(name)) {
            issue(
                ["firewall", "variables", name],
                env.firewall.variables[name],
                `redefines $${name}, which the stacks derive from this file; expected another name (the derived variables are ${reserved.map((n) => `$${n}`).join(", ")})`,
            );
        }
    }
    const variables: RuleVariables = {
        HOME_NET: [env.addressing.supernet],
        ...environmentRuleVariables(env),
    };
    const ranges = environmentRanges(env);
    // A derived variable with no range: on premises not described, or a hub range reported elsewhere.
    const emptyDerived = DERIVED_VARIABLES.filter((name) => variables[name] === undefined);
    const problemOf = (value: string): string | undefined => {
        const name = emptyDerived.find((n) => variableReferences(value).includes(n));
        if (name === "ON_PREM" || name === "ON_PREM_DNS") {
            const field = name === "ON_PREM" ? "onPremises.cidrs" : "onPremises.dnsServers";
            return `refers to $${name}, which is empty: ${field} lists nothing; expected ${field} to list the on-premises ranges, or no rule that needs them`;
        }
        if (name !== undefined) return undefined;
        // An undefined variable is reported by checkRuleVariables, with the rule's own line.
        return variableReferences(value).length > 0 ? undefined : addressProblem(value, variables, ranges);
    };
    env.firewall.ruleGroups.forEach((group, index) => {
        const seen = new Set<string>();
        for (const use of addressesOf(group)) {
            const problem = problemOf(use.value);
            const key = `${use.path.join(".")} ${use.value}`;
            if (problem === undefined || seen.has(key)) continue;
            seen.add(key);
            issue(["firewall", "ruleGroups", index, ...use.path], use.value, problem);
        }
    });
}
