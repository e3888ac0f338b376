using System.Text.Json;
using System.Text.Json.Serialization;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Store;

/// <summary>
/// The config's JSON shape, generated at build time (no reflection: `network info` on a 10,000-instance
/// config must start and parse fast). Properties in declaration order, camelCase, indented for humans
/// (as Ganeti's config.data), nulls left out, enums as lower-case names, unknown properties refused
/// (a field this build does not know would be dropped on the next write: bump the schema instead).
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    Converters =
    [
        typeof(LowerCaseEnumConverter<NicMode>),
        typeof(LowerCaseEnumConverter<MvtapMode>),
        typeof(LowerCaseEnumConverter<InstanceState>),
        typeof(NameKeyedDictionaryConverter<NodeGroup>),
        typeof(NameKeyedDictionaryConverter<Node>),
        typeof(NameKeyedDictionaryConverter<Network>),
        typeof(NameKeyedDictionaryConverter<Instance>),
    ])]
[JsonSerializable(typeof(ClusterConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
