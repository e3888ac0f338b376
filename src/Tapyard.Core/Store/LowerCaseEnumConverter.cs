using System.Text.Json.Serialization;

namespace Tapyard.Core.Store;

/// <summary>An enum as its lower-case name (also as a dictionary key); numbers are refused, so a typo cannot become a value.</summary>
internal sealed class LowerCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(LowerCaseNamingPolicy.Instance, allowIntegerValues: false)
    where TEnum : struct, Enum;
