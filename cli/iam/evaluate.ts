/**
 * An IAM policy evaluator for the statement forms this project writes, following AWS's documented
 * evaluation logic (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * and, across accounts, .../reference_policies_evaluation-logic-cross-account.html):
 * 1. an explicit `Deny` in any applicable policy denies;
 * 2. within one account, an `Allow` in an identity-based policy, or in a resource-based policy that
 *    names the principal itself, allows; a resource-based policy that names the account only
 *    delegates to the account's identity-based policies;
 * 3. across accounts, both the principal's identity-based policies and the resource-based policy
 *    must allow;
 * 4. a role trust policy and a KMS key policy must allow (directly, or by naming the account and an
 *    identity-based policy allowing), identity-based policies alone never suffice;
 * 5. anything else is an implicit deny.
 * Organizations SCPs/RCPs, permissions boundaries and session policies are not modelled: the project
 * writes none (docs/tenancy.md says what that leaves to the organization).
 */
import { conditionHolds, RequestContext, substitute } from "./conditions";
import { arnMatch, globMatch } from "./match";
import type { Principals, Statement } from "./policy";

/** Who makes the request: an AWS principal (a role session, a user, an account) or a service. */
export type RequestPrincipal =
    | {
          readonly type: "AWS";
          /** The principal's account. */
          readonly account: string;
          /** The role (for a role session: the role's ARN, what `aws:PrincipalArn` holds) or user ARN. */
          readonly arn: string;
      }
    | { readonly type: "Service"; readonly service: string };

/** One request: an action on one resource by a principal, with its condition context. */
export interface IamRequest {
    /** `service:Action`, e.g. `ec2:AcceptTransitGatewayVpcAttachment`. */
    readonly action: string;
    /** The resource's ARN, or `*` for actions that take none. */
    readonly resource: string;
    readonly principal: RequestPrincipal;
    /** The condition keys of the request (`aws:PrincipalArn` etc. are added from `principal`). */
    readonly context: RequestContext;
}

/** A named policy the evaluator reads (the name appears in decisions). */
export interface NamedPolicy {
    readonly name: string;
    readonly statements: readonly Statement[];
}

/** The policies that apply to a request. */
export interface ApplicablePolicies {
    /**
     * The principal's identity-based policies; undefined when they are not the project's to know
     * (a deployer role the adopter owns): they are then taken to allow what the request asks.
     */
    readonly identity?: readonly NamedPolicy[];
    /** The resource-based policy (role trust policy, key policy, bucket policy...), if the resource has one. */
    readonly resource?: NamedPolicy;
    /** The account that owns the resource. @default the principal's own account */
    readonly resourceAccount?: string;
    /** True for role trust policies and KMS key policies: the resource policy must allow (rule 4). */
    readonly resourcePolicyRequired?: boolean;
}

/** The statements that decided, by policy. */
export interface DecidingStatement {
    readonly policy: string;
    readonly sid: string;
    readonly effect: "Allow" | "Deny";
}

/** An evaluation's outcome. */
export interface Decision {
    readonly decision: "allow" | "explicit-deny" | "implicit-deny";
    /** The statements that matched the request (denies, or the allows that granted it). */
    readonly statements: readonly DecidingStatement[];
    /** Why, in a sentence a reader can act on. */
    readonly reason: string;
}

/** The context with the principal keys every request carries (global condition keys). */
export function withPrincipalKeys(request: IamRequest): RequestContext {
    const p = request.principal;
    if (p.type === "Service") return request.context.with({ "aws:PrincipalServiceName": p.service });
    return request.context.with({
        "aws:PrincipalArn": request.context.get("aws:PrincipalArn") ?? p.arn,
        "aws:PrincipalAccount": request.context.get("aws:PrincipalAccount") ?? p.account,
        "aws:PrincipalType": request.context.get("aws:PrincipalType") ?? "AssumedRole",
    });
}

const ACCOUNT = /^\d{12}$/;

/** How a `Principal` element matches: not at all, through the principal's account, or directly. */
function principalMatch(principals: Principals, who: RequestPrincipal): "none" | "account" | "direct" {
    if (principals === "*") return "direct";
    let best: "none" | "account" | "direct" = "none";
    for (const [type, values] of Object.entries(principals)) {
        for (const value of values) {
            if (type === "Service" && who.type === "Service" && value === who.service) return "direct";
            if (type !== "AWS" || who.type !== "AWS") continue;
            if (value === "*" || value === who.arn) return "direct";
            const account = ACCOUNT.test(value)
                ? value
                : /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(value)?.[1];
            if (account === who.account) best = "account";
        }
    }
    return best;
}

/** Whether `statement` applies to the request (action, resource, principal and conditions). */
export function statementApplies(
    statement: Statement,
    request: IamRequest,
    context: RequestContext,
    resourcePolicy: boolean,
): "none" | "account" | "direct" {
    const actionMatches = (patterns: readonly string[]) =>
        patterns.some((p) => globMatch(p, request.action, true));
    if (statement.actions && !actionMatches(statement.actions)) return "none";
    if (statement.notActions && actionMatches(statement.notActions)) return "none";
    const resourceMatches = (patterns: readonly string[]) =>
        patterns.some((p) => {
            const pattern = substitute(p, context);
            return pattern !== undefined && (pattern === "*" || arnMatch(pattern, request.resource));
        });
    if (statement.resources && !resourceMatches(statement.resources)) return "none";
    if (statement.notResources && resourceMatches(statement.notResources)) return "none";
    let how: "account" | "direct" = "direct";
    if (resourcePolicy) {
        if (statement.principal) {
            const match = principalMatch(statement.principal, request.principal);
            if (match === "none") return "none";
            how = match;
        } else if (statement.notPrincipal) {
            if (principalMatch(statement.notPrincipal, request.principal) !== "none") return "none";
        } else {
            return "none";
        }
    }
    return statement.conditions.every((c) => conditionHolds(c, context)) ? how : "none";
}

/** Evaluates `request` against `policies` (rules 1-5 above). */
export function authorize(request: IamRequest, policies: ApplicablePolicies): Decision {
    const context = withPrincipalKeys(request);
    const denies: DecidingStatement[] = [];
    const identityAllows: DecidingStatement[] = [];
    const resourceAllows: { statement: DecidingStatement; how: "account" | "direct" }[] = [];
    for (const policy of policies.identity ?? []) {
        for (const s of policy.statements) {
            if (statementApplies(s, request, context, false) === "none") continue;
            const deciding = { policy: policy.name, sid: s.sid, effect: s.effect };
            (s.effect === "Deny" ? denies : identityAllows).push(deciding);
        }
    }
    if (policies.resource) {
        for (const s of policies.resource.statements) {
            const how = statementApplies(s, request, context, true);
            if (how === "none") continue;
            const deciding = { policy: policies.resource.name, sid: s.sid, effect: s.effect };
            if (s.effect === "Deny") denies.push(deciding);
            else resourceAllows.push({ statement: deciding, how });
        }
    }
    if (denies.length > 0) {
        return {
            decision: "explicit-deny",
            statements: denies,
            reason: `explicitly denied by ${denies.map((d) => `${d.policy} statement ${d.sid}`).join(", ")}`,
        };
    }
    const who = request.principal;
    const sameAccount =
        who.type === "AWS" &&
        (policies.resourceAccount === undefined || who.account === policies.resourceAccount);
    // Identity-based policies the project does not own are taken to allow (see ApplicablePolicies).
    const identityAllowsOrUnknown = policies.identity === undefined || identityAllows.length > 0;
    const direct = resourceAllows.filter((a) => a.how === "direct").map((a) => a.statement);
    const viaAccount = resourceAllows.filter((a) => a.how === "account").map((a) => a.statement);
    let allowedBy: DecidingStatement[] | undefined;
    if (who.type === "Service") {
        if (direct.length > 0) allowedBy = direct;
    } else if (policies.resourcePolicyRequired || !sameAccount) {
        const resourceOk = direct.length > 0 || viaAccount.length > 0;
        // A policy naming the principal itself in its own account needs no identity-based policy
        // (rule 2); every other grant needs one (rules 3 and 4).
        if (sameAccount && direct.length > 0) allowedBy = direct;
        else if (resourceOk && identityAllowsOrUnknown)
            allowedBy = [...direct, ...viaAccount, ...identityAllows];
    } else if (identityAllows.length > 0 || direct.length > 0) {
        allowedBy = [...identityAllows, ...direct];
    } else if (policies.identity === undefined && viaAccount.length > 0) {
        allowedBy = viaAccount;
    }
    if (allowedBy) {
        return {
            decision: "allow",
            statements: allowedBy,
            reason:
                allowedBy.length > 0
                    ? `allowed by ${allowedBy.map((d) => `${d.policy} statement ${d.sid}`).join(", ")}`
                    : "allowed by the principal's own identity-based policies",
        };
    }
    const missing =
        policies.resourcePolicyRequired && direct.length + viaAccount.length === 0
            ? `${policies.resource?.name ?? "the resource policy"} does not allow it`
            : !sameAccount &&
                who.type === "AWS" &&
                direct.length + viaAccount.length === 0 &&
                policies.resource
              ? `${policies.resource.name} does not allow this account`
              : "no statement allows it";
    return { decision: "implicit-deny", statements: [], reason: `implicitly denied: ${missing}` };
}
