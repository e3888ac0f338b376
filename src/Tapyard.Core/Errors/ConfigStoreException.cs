namespace Tapyard.Core.Errors;

/// <summary>The config file cannot be read or written (corrupt, newer schema, I/O): never overwritten.</summary>
public sealed class ConfigStoreException(string message, Exception? inner = null) : TapyardException(message, inner);
