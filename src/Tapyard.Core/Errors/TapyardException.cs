namespace Tapyard.Core.Errors;

/// <summary>
/// A rule of the cluster model was broken: one sentence naming the object and the fix
/// ("network vtap-net is connected to group default; disconnect it first"). The CLI prints the
/// message alone and exits 1. Thrown before anything is changed.
/// </summary>
public class TapyardException(string message, Exception? inner = null) : Exception(message, inner);
