using System.Text.Json;
using System.Text.Json.Serialization;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Store;

/// <summary>
/// The reference definition of config.json's shape: properties in declaration order, camelCase,
/// indented for humans (as Ganeti's config.data), nulls left out, enums as lower-case names,
/// name-keyed maps sorted by name, unknown and repeated properties refused (a field this build does not know
/// would be dropped on the next write: bump the schema instead). The store reads and writes with
/// <see cref="ConfigReader"/> and <see cref="ConfigWriter"/>, which do the same by hand because a CLI
/// process never gets this serializer's code out of the JIT's first tier; tests hold the three to
/// the same bytes on every model field, so a field added to the model fails them until all agree.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    AllowDuplicateProperties = false,   // as ConfigReader: a repeated key would silently replace the first
    Converters =
    [
        typeof(LowerCaseEnumConverter<NicMode>),
        typeof(LowerCaseEnumConverter<MvtapMode>),
        typeof(LowerCaseEnumConverter<InstanceState>),
        typeof(BandwidthLimitConverter),
        typeof(NameKeyedDictionaryConverter<NodeGroup>),
        typeof(NameKeyedDictionaryConverter<Node>),
        typeof(NameKeyedDictionaryConverter<Network>),
        typeof(NameKeyedDictionaryConverter<Instance>),
    ])]
[JsonSerializable(typeof(ClusterConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
