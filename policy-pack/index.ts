/** The hub-network policy pack: only builds the pack; every policy lives in its own module. */
import { PolicyPack } from "@pulumi/policy";
import { deserializeEachResourceOnce } from "./lib/deserialize-once";
import { policies } from "./policies";

deserializeEachResourceOnce();
new PolicyPack("hub-network", { policies: [...policies] });
