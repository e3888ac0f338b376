using System.Diagnostics;
using Tapyard.Bench.Support;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Libvirt;

namespace Tapyard.Bench.Xml;

/// <summary>
/// `tapyard bench xml`: a cluster config in a temporary state directory with node n1 and one instance
/// with N NICs (<see cref="XmlBenchNics"/>), then: <see cref="InstanceXml.Render"/> in process (the
/// first call cold, then warm renders one by one), the whole `tapyard instance xml NAME` process, and
/// as a reference libvirt's own tool round-tripping the same XML: one `virsh -c test:///default`
/// process that defines it and dumps it again (the test driver needs no daemon), beside a virsh
/// process that does nothing but connect. Nothing outside the temporary directory is touched.
/// </summary>
public static class XmlBenchmark
{
    public const string Instance = "xml1";
    private const string Node = "n1";

    public static XmlReport Run(XmlBenchmarkOptions options, TextWriter progress, CancellationToken cancellation = default)
    {
        if (options.Nics is < 1 or > XmlBenchmarkOptions.MaximumNics)
            throw new ArgumentOutOfRangeException(nameof(options), options.Nics, $"nics must be 1..{XmlBenchmarkOptions.MaximumNics}");
        string temp = Directory.CreateTempSubdirectory("tapyard-bx-").FullName;
        try
        {
            string state = Path.Combine(temp, "state"), run = Path.Combine(temp, "run");
            Directory.CreateDirectory(state);
            Directory.CreateDirectory(run);
            var store = new FileConfigStore(state);
            ConfigTransaction.Initialize(store, () => ClusterOperations.Init(new ClusterInitRequest()));
            ConfigTransaction.Run(store, s =>
            {
                NodeOperations.Add(s, new NodeAddRequest { Name = Node });
                InstanceOperations.Add(s, new InstanceAddRequest
                {
                    Name = Instance, Node = Node, Vcpus = 2, Nics = XmlBenchNics.Requests(options.Nics).Select(NicRequestParser.Parse).ToList(),
                });
            });
            var cluster = ConfigTransaction.Read(store);
            var request = new InstanceXmlRequest { Instance = Instance, RuntimeDirectory = run };

            long began = Stopwatch.GetTimestamp();
            string xml = InstanceXml.Render(cluster, request);
            double coldMs = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
            int interfaces = xml.Split("<interface ").Length - 1;
            if (interfaces != options.Nics)
                throw new InvalidOperationException($"the rendered domain has {interfaces} <interface> elements, not {options.Nics}");
            var warm = new List<double>(options.Iterations);
            for (int i = 0; i < options.Iterations; i++)
            {
                if (i % 100 == 0)
                    cancellation.ThrowIfCancellationRequested();
                began = Stopwatch.GetTimestamp();
                InstanceXml.Render(cluster, request);
                warm.Add(Stopwatch.GetElapsedTime(began).TotalMicroseconds);
            }
            progress.WriteLine($"bench xml: {options.Nics} NICs, {xml.Length} characters; in process: first {coldMs:0.0} ms, warm median {Statistics.Median(warm):0.0} µs");

            var report = new XmlReport
            {
                Nics = options.Nics, Iterations = options.Iterations, ProcessRuns = options.ProcessRuns, XmlBytes = System.Text.Encoding.UTF8.GetByteCount(xml),
                ColdMs = coldMs, WarmUs = Statistics.Median(warm), Cli = string.Join(' ', options.Cli),
            };
            if (options.Cli.Count > 0)
            {
                var (wall, cpu) = ProcessTimer.Measure([.. options.Cli, "--state-dir", state, "instance", "xml", Instance, "--run-dir", run], options.ProcessRuns, cancellation);
                var (help, _) = ProcessTimer.Measure([.. options.Cli, "--help"], options.ProcessRuns, cancellation);
                report = report with { CliWallMs = wall, CliCpuMs = cpu, CliHelpMs = help };
                progress.WriteLine($"bench xml: `tapyard instance xml {Instance}` process: {wall:0.0} ms wall, {cpu:0.0} ms CPU; `tapyard --help` {help:0.0} ms wall");
            }
            return Virsh(report, xml, temp, options.ProcessRuns, progress, cancellation);
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>The virsh reference; when virsh is missing or refuses the XML the report says so instead.</summary>
    private static XmlReport Virsh(XmlReport report, string xml, string temp, int runs, TextWriter progress, CancellationToken cancellation)
    {
        string file = Path.Combine(temp, "domain.xml");
        File.WriteAllText(file, xml);
        try
        {
            var (floor, _) = ProcessTimer.Measure(["virsh", "-q", "-c", "test:///default", "uri"], runs, cancellation);
            // One virsh process, two commands (virsh splits its single command argument at ';'): the test
            // driver's domains live only as long as its connection.
            var (roundTrip, _) = ProcessTimer.Measure(["virsh", "-q", "-c", "test:///default", $"define {file}; dumpxml {Instance}"], runs, cancellation);
            progress.WriteLine($"bench xml: virsh (test driver): connect only {floor:0.0} ms, define + dumpxml {roundTrip:0.0} ms");
            return report with { VirshFloorMs = floor, VirshDefineDumpMs = roundTrip };
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            progress.WriteLine($"bench xml: no virsh reference: {e.Message}");
            return report with { VirshError = e.Message };
        }
    }
}
