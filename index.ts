import { PolicyPack } from "@pulumi/policy";
import { s3EncryptedReplicationPolicies } from "./policies/factory";

new PolicyPack("s3-encrypted-replication", { policies: s3EncryptedReplicationPolicies() });
