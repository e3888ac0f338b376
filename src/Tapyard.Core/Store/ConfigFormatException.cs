namespace Tapyard.Core.Store;

/// <summary>The document is well-formed JSON but not a config this build reads; <see cref="ByteIndex"/> points at the offending token.</summary>
internal sealed class ConfigFormatException(string reason, long byteIndex) : Exception(reason)
{
    public long ByteIndex { get; } = byteIndex;
}
