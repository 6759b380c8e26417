/**
 * Every replication rule of the stack with the resources it involves: source and destination
 * buckets, replica key and role, resolved by known names and ARNs or, while they are unknown,
 * through the `propertyDependencies` of the property that holds them.
 */
import { replicationResourceTypes, types } from "../resource-types";
import { replicationConfigurations, ReplicationConfiguration, ReplicationRule } from "../replication";
import { read } from "../value";
import { SecretValues } from "../secret-values";
import { Resolution, ResourceLookup } from "./resource-lookup";
import { KeyReference, KmsKeys } from "./keys";
import { regionOf } from "./location";
import { UNKNOWN_READ } from "../value";
import { dependenciesOf, PolicyResource } from "./resource";

export interface ReplicationInStack {
    /** The resource holding the configuration: a BucketReplicationConfig or a bucket with inline replication. */
    configurationResource: PolicyResource;
    configuration: ReplicationConfiguration;
    rule: ReplicationRule;
    source: Resolution;
    destination: Resolution;
    replicaKey: KeyReference;
    role: Resolution;
}

export function collectReplications(lookup: ResourceLookup, keys: KmsKeys, secrets: SecretValues): ReplicationInStack[] {
    return lookup.ofType(...replicationResourceTypes).flatMap((configurationResource) =>
        replicationConfigurations(configurationResource.type, configurationResource.props, secrets).flatMap((configuration) => {
            const separate = configurationResource.type === types.bucketReplicationConfig;
            const source: Resolution = separate
                ? lookup.resolve(read(configurationResource.props, "bucket"), ["bucket"], dependenciesOf(configurationResource, "bucket"))
                : { kind: "in-stack", resource: configurationResource };
            const ruleDependencies = dependenciesOf(configurationResource, configuration.dependencyProperty);
            const role = lookup.resolve(configuration.role, ["role"], separate ? dependenciesOf(configurationResource, "role") : ruleDependencies);
            const exclude = source.kind === "in-stack" ? [source.resource] : [];
            // An unknown reference resolves the same way in every rule (through the same dependencies): once per configuration.
            const computedDestination = once(() => lookup.resolve(UNKNOWN_READ, ["bucket"], ruleDependencies, { exclude }));
            const computedKey = once(() => keys.resolve(UNKNOWN_READ, ruleDependencies));
            return configuration.rules.map((rule) => {
                const { bucket, replicaKmsKeyId } = rule.destination;
                const destination = bucket.state === "unknown" ? computedDestination() : lookup.resolve(bucket, ["bucket"], ruleDependencies, { exclude });
                const destinationRegion = destination.kind === "in-stack" ? regionOf(destination.resource) : undefined;
                const replicaKey =
                    replicaKmsKeyId.state === "unknown"
                        ? computedKey()
                        : keys.resolve(replicaKmsKeyId, ruleDependencies, destinationRegion?.state === "known" ? destinationRegion.value : undefined);
                return { configurationResource, configuration, rule, source, destination, replicaKey, role };
            });
        }),
    );
}

function once<T>(compute: () => T): () => T {
    let result: { value: T } | undefined;
    return () => (result ??= { value: compute() }).value;
}
