using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Vigil.Specs.Lab;

/// <summary>
/// Who answers ARP for an address, as the client sees it. Ten <c>arping -b</c> (broadcast every time, never unicast
/// to the first answerer) started 100 ms apart ask about ten times a second; <c>tcpdump</c> on the client's NIC
/// records every request and every answer with kernel timestamps. A window is the time from one of the client's
/// requests to the next: the answers in it are the MACs that claimed the address then. (iputils arping takes whole
/// seconds as interval, hence ten of them.)
/// </summary>
internal sealed class ArpWatch : IDisposable
{
    private const int Askers = 10;
    private readonly List<Process> _processes = [];
    private readonly List<string> _lines = [];
    private readonly string _address;
    private readonly string _client;

    private ArpWatch(string address, string client)
    {
        _address = address;
        _client = client;
    }

    /// <summary>Starts watching <paramref name="address"/> from the client namespace; returns once tcpdump listens and every asker runs.</summary>
    public static async Task<ArpWatch> StartAsync(LabCluster lab, string address)
    {
        var watch = new ArpWatch(address, LabNetworkClientAddress);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dump = Netns.Start(lab.ClientNamespace, "tcpdump", "-l", "-n", "-e", "-tt", "-i", "pub0", "arp");
        watch._processes.Add(dump);
        dump.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (watch._lines)
                {
                    watch._lines.Add(line);
                }
            }
        };
        dump.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        dump.BeginOutputReadLine();
        dump.BeginErrorReadLine();
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Paced, not waited on: the askers start a tenth of a second apart so their requests interleave.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < Askers; i++)
        {
            watch._processes.Add(Netns.Start(lab.ClientNamespace, "arping", "-b", "-q", "-I", "pub0", address));
            await pace.WaitForNextTickAsync();
        }

        return watch;
    }

    /// <summary>The client's base address on the public network (the source of its requests).</summary>
    private static string LabNetworkClientAddress => $"{Vigil.Cli.Lab.LabNetwork.Public}.200";

    /// <summary>Every window so far, in order: the distinct MACs that answered each request (empty: nobody did).</summary>
    public IReadOnlyList<IReadOnlySet<string>> Windows()
    {
        List<string> lines;
        lock (_lines)
        {
            lines = [.. _lines];
        }

        var windows = new List<HashSet<string>>();
        var request = new Regex($@"Request who-has {Regex.Escape(_address)} (\(\S+\) )?tell {Regex.Escape(_client)},", RegexOptions.None, TimeSpan.FromSeconds(1));
        var reply = new Regex($@"^\S+ \S+ > (\S+), .*Reply {Regex.Escape(_address)} is-at ([0-9a-f:]{{17}})", RegexOptions.None, TimeSpan.FromSeconds(1));
        foreach (var line in lines)
        {
            if (request.IsMatch(line))
            {
                windows.Add([]);
            }
            else if (reply.Match(line) is { Success: true } m && m.Groups[1].Value != "ff:ff:ff:ff:ff:ff" && windows.Count > 0)
            {
                windows[^1].Add(m.Groups[2].Value);
            }
        }

        return windows;
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            p.Dispose();
        }
    }
}
