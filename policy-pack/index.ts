/** The hub-network policy pack: only builds the pack; every policy lives in its own module. */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("hub-network", { policies: [...policies] });
