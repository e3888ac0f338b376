using System.Net;

namespace Tapyard.Cli.Commands.Demo;

/// <summary>One of the demo's guests: its instance name, the lab node it starts on and its address from the network's pool.</summary>
internal sealed record DemoGuest(string Name, string Node, IPAddress Address);
