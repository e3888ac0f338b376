namespace Tapyard.Cli.Output;

/// <summary>How a table ends its lines.</summary>
internal enum TableStyle
{
    /// <summary>No trailing blanks at all (the host commands, which have no Ganeti counterpart).</summary>
    Trimmed,

    /// <summary>
    /// Byte for byte what Ganeti's FormatTable prints: every column but a left-aligned last one is
    /// padded, cells are joined by one space, nothing is trimmed. So an empty last cell leaves the
    /// joining space at the end of the line ("vtap-net 192.0.2.0/28 ... default (bridged, br0, ) "),
    /// and scripts written against gnt-network output keep working.
    /// </summary>
    Ganeti,
}
