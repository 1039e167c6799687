import { resourcePolicy } from "../../../lib/policy";
import { str } from "../../../lib/props";

/** AWS RAM shares may only be associated with the allowed principals (organization, OUs or accounts). */
export const ramPrincipalAssociationAllowedPrincipals = resourcePolicy<{ allowedPrincipals: string[] }>({
    name: "ram-principal-association-allowed-principals",
    description:
        "AWS RAM shares may only be associated with the allowed principals (organization, OUs or accounts).",
    enforcementLevel: "mandatory",
    metadata: { severity: "high" },
    configSchema: {
        properties: {
            allowedPrincipals: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Organization / OU ARNs or 12-digit account IDs a share may name; empty allows any principal inside the organization (external ones are stopped by allowExternalPrincipals).",
            },
        },
    },
    resourceTypes: ["aws:ram/principalAssociation:PrincipalAssociation"],
    check: (props, { config }) => {
        const principal = str(props.principal);
        if (principal === undefined || config.allowedPrincipals.length === 0) return [];
        return config.allowedPrincipals.includes(principal)
            ? []
            : [
                  `principal '${principal}' is not in allowedPrincipals (${config.allowedPrincipals.join(", ")}).`,
              ];
    },
});
