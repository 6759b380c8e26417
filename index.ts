/**
 * The standalone pack: the file the Pulumi engine runs (`package.json` `main`, which the Node
 * language host's `run-policy-pack` requires by folder path). Importing the package by name
 * (`require("s3-encrypted-replication")`) resolves through `exports` to the library instead, so
 * it starts no policy server.
 */
import { PolicyPack } from "@pulumi/policy";
import { s3EncryptedReplicationPolicies } from "./policies/pack/factory";

new PolicyPack("s3-encrypted-replication", {
    policies: s3EncryptedReplicationPolicies(),
    displayName: "S3 replication of SSE-KMS encrypted objects",
    provider: "aws",
    tags: ["s3", "kms", "replication", "encryption"],
});
