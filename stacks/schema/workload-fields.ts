/** Field schemas the workload settings share (stacks/schema/workload*.ts), with their messages. */
import { z } from "zod";
import { WAF_RATE_LIMIT_MAX, WAF_RATE_LIMIT_MIN } from "../../components/workloads/web-acl";

/** The message of a block that is not a mapping; unknown keys inside it report themselves. */
export const notMapping = (message: string) => (issue: { code: string }) =>
    issue.code === "invalid_type" ? message : undefined;

export const flag = z.boolean({ error: "is not true or false; expected true or false" });

export const whole = (min: number, max: number, what: string) => {
    const hint = `expected a whole number from ${min} to ${max}${what ? ` (${what})` : ""}`;
    return z
        .number({ error: `is not a number; ${hint}` })
        .int({ error: `is not a whole number; ${hint}` })
        .min(min, { error: `is too small; ${hint}` })
        .max(max, { error: `is too large; ${hint}` });
};

export const positive = (what: string, max?: number) => {
    const hint = `expected a number above 0${max === undefined ? "" : ` and at most ${max}`} (${what})`;
    const base = z.number({ error: `is not a number; ${hint}` }).positive({ error: `is too small; ${hint}` });
    return max === undefined ? base : base.max(max, { error: `is too large; ${hint}` });
};

/** Requests per client IP per minute before the web ACL's rate rule blocks it. @default 1000 */
export const rateLimitPerMinute = whole(
    WAF_RATE_LIMIT_MIN,
    WAF_RATE_LIMIT_MAX,
    `requests per IP per minute; ${WAF_RATE_LIMIT_MIN} is WAF's minimum`,
).default(1000);

/** Default throttling of the API stage's methods. */
export const throttling = z
    .strictObject(
        {
            /** Steady requests per second across the stage. @default 100 */
            rateLimit: positive("requests per second across the stage", 10_000)
                // Below 1 request per second a stage refuses nearly every request with 429 once the
                // burst is spent: a typo (0.001 for 1000), not a limit anyone means.
                .refine((r) => r >= 1, {
                    error: "is below 1 request per second, so the stage refuses nearly every request once the burst is spent; expected 1 to 10000",
                })
                .default(100),
            /** Requests the stage absorbs above the rate. @default 200 */
            burstLimit: whole(1, 5000, "requests above the rate").default(200),
        },
        {
            error: notMapping(
                "is not a mapping; expected rateLimit and burstLimit, e.g. { rateLimit: 100, burstLimit: 200 }",
            ),
        },
    )
    .default({ rateLimit: 100, burstLimit: 200 });

/** The user pool (Cognito) of the API's callers. */
export const userPoolFields = {
    /** `OPTIONAL` (each user may turn TOTP on) or `ON` (every user must). @default "OPTIONAL" */
    mfa: z
        .enum(["OPTIONAL", "ON"], { error: "is not an MFA mode; expected OPTIONAL or ON" })
        .default("OPTIONAL"),
    /** Threat protection (`ENFORCED`, the Cognito `PLUS` plan). @default true in production, else false */
    advancedSecurity: flag.optional(),
};

/** Rules between fields run once every field is valid, so each problem is reported once. */
export const ONLY_WHEN_VALID = {
    when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
};
