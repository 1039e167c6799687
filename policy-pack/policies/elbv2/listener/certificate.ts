import { resourcePolicy } from "../../../lib/policy";
import { isUnknown, str } from "../../../lib/props";
import { LISTENER_TYPES } from "../load-balancer/application";
import { TLS_PROTOCOLS } from "./tls-policy";

/**
 * HTTPS and TLS listeners must present a certificate from AWS Certificate Manager: ACM renews it
 * before it expires, where an IAM server certificate (`arn:aws:iam::...:server-certificate/...`) must
 * be replaced by hand. A listener without `certificateArn` is refused by AWS at `pulumi up`.
 */
export const elbv2ListenerCertificate = resourcePolicy({
    name: "elbv2-listener-certificate",
    description: "HTTPS and TLS listeners must present a certificate from AWS Certificate Manager.",
    enforcementLevel: "advisory",
    metadata: { severity: "medium", fsbp: ["ELB.2"] },
    resourceTypes: LISTENER_TYPES,
    check: (props) => {
        const protocol = str(props.protocol)?.toUpperCase();
        if (protocol === undefined || !TLS_PROTOCOLS.includes(protocol) || isUnknown(props.certificateArn))
            return [];
        const arn = str(props.certificateArn);
        if (arn === undefined || arn === "") {
            return [`${protocol} listener has no certificateArn; give it an ACM certificate.`];
        }
        return /^arn:aws[a-z-]*:acm:/.test(arn)
            ? []
            : [
                  `${protocol} listener's certificate ${arn} is not from ACM; use an ACM certificate, which renews itself.`,
              ];
    },
});
