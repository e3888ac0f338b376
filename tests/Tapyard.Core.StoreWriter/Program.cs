using Tapyard.Core.Errors;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;

// Usage: Tapyard.Core.StoreWriter STATE_DIR NETWORK NODE NAME_PREFIX COUNT
// Adds COUNT instances (one NIC: network=NETWORK,ip=pool,mac generated) on NODE, one ConfigTransaction
// each, as `tapyard instance add` does; COUNT 0 means until killed. After each commit it prints
// "committed NAME", so a test that kills it knows which instances must have survived.
if (args.Length != 5 || !int.TryParse(args[4], out int count) || count < 0)
{
    Console.Error.WriteLine("usage: Tapyard.Core.StoreWriter STATE_DIR NETWORK NODE NAME_PREFIX COUNT");
    return 2;
}
var (stateDirectory, network, node, prefix) = (args[0], args[1], args[2], args[3]);
var store = new FileConfigStore(stateDirectory, TimeSpan.FromSeconds(60));
var nic = NicRequestParser.Parse($"0:network={network},ip=pool");
try
{
    for (int i = 0; count == 0 || i < count; i++)
    {
        string name = $"{prefix}{i}";
        ConfigTransaction.Run(store, state => InstanceOperations.Add(state, new InstanceAddRequest { Name = name, Node = node, Nics = [nic] }));
        Console.Out.WriteLine($"committed {name}");
        Console.Out.Flush();
    }
    return 0;
}
catch (TapyardException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
