import { PolicyPack } from "@pulumi/policy";
import { catalogue } from "./policies/catalogue";

new PolicyPack("s3-encrypted-replication", { policies: catalogue });
