using System.Text.Json;

namespace Tapyard.Core.Store;

/// <summary>Enum names as the CLI spells them: "macvtap", "openvswitch", "passthru" (no separators added).</summary>
internal sealed class LowerCaseNamingPolicy : JsonNamingPolicy
{
    public static LowerCaseNamingPolicy Instance { get; } = new();

    public override string ConvertName(string name) => name.ToLowerInvariant();
}
