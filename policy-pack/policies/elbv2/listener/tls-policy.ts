import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, str } from "../../../lib/props";
import { LISTENER_TYPES } from "../load-balancer/application";

/** Listener protocols that terminate TLS (HTTPS on ALBs, TLS on NLBs). */
export const TLS_PROTOCOLS = ["HTTPS", "TLS"];

/**
 * HTTPS and TLS listeners must use a security policy that allows TLS 1.2 or later only. The
 * recommended policies (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html)
 * are named `ELBSecurityPolicy-TLS13-*`, `ELBSecurityPolicy-TLS-1-2-*` and `ELBSecurityPolicy-FS-1-2-*`;
 * without `sslPolicy` the listener gets `ELBSecurityPolicy-2016-08`, which still accepts TLS 1.0
 * (the provider's `sslPolicy` default). Plain HTTP listeners are judged by
 * elbv2-listener-http-redirects-https.
 */
export const elbv2ListenerTlsPolicy = resourcePolicy<{ allowedPolicyPrefixes: string[] }>({
    name: "elbv2-listener-tls-policy",
    description: "HTTPS and TLS listeners must use a security policy that allows TLS 1.2 or later only.",
    enforcementLevel: "advisory",
    metadata: { severity: "high", fsbp: ["ELB.17"], checkov: ["CKV_AWS_103", "CKV2_AWS_74"] },
    configSchema: {
        properties: {
            allowedPolicyPrefixes: {
                type: "array",
                items: { type: "string" },
                default: [
                    "ELBSecurityPolicy-TLS13-",
                    "ELBSecurityPolicy-TLS-1-2-",
                    "ELBSecurityPolicy-FS-1-2-",
                ],
                description: "Security policy name prefixes that allow TLS 1.2 or later only.",
            },
        },
    },
    resourceTypes: LISTENER_TYPES,
    check: (props, { config }) => {
        const protocol = str(props.protocol)?.toUpperCase();
        if (protocol === undefined || !TLS_PROTOCOLS.includes(protocol) || isUnknown(props.sslPolicy))
            return [];
        const policy = str(props.sslPolicy);
        if (policy === undefined) {
            return [
                `${protocol} listener has no sslPolicy (the default, ELBSecurityPolicy-2016-08, accepts TLS 1.0); set e.g. ELBSecurityPolicy-TLS13-1-2-2021-06.`,
            ];
        }
        return config.allowedPolicyPrefixes.some((prefix) => policy.startsWith(prefix))
            ? []
            : [
                  `${protocol} listener uses sslPolicy ${policy}, which accepts TLS before 1.2; use e.g. ELBSecurityPolicy-TLS13-1-2-2021-06.`,
              ];
    },
});
