/**
 * The Pulumi program: validates config first, then builds what the stack's `hub-network:role` says.
 * Nothing is declared until every config file of the stack has been read and validated.
 */
import * as pulumi from "@pulumi/pulumi";
import { program } from "./program";

export = program(pulumi.getStack(), pulumi.runtime.allConfig());
