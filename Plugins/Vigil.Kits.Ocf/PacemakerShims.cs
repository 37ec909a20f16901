namespace Vigil.Kits.Ocf;

/// <summary>
/// Scripts put first on an agent's PATH in place of Pacemaker's tools: an agent that needs the CIB
/// or attrd fails with an exit reason naming the tool, instead of "command not found" or, worse,
/// talking to a real Pacemaker that does not own this resource.
/// </summary>
internal static class PacemakerShims
{
    public static readonly string[] Tools =
    [
        "crm_resource", "crm_attribute", "attrd_updater", "crm_node", "crm_mon", "cibadmin", "crm_master",
        "crm_failcount", "crm_standby", "crm_ticket", "crm_diff", "crm_verify", "crm_simulate", "crm_shadow",
        "stonith_admin",
    ];

    private static readonly Lazy<string> LazyDirectory = new(Create);

    public static string Directory => LazyDirectory.Value;

    private static string Create()
    {
        // A private directory (mode 0700, unpredictable name): a shared, guessable one on PATH would let
        // another user plant commands that agents run as root.
        var directory = System.IO.Directory.CreateTempSubdirectory("vigil-ocf-shims-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(directory);
        foreach (var tool in Tools)
        {
            var path = Path.Combine(directory, tool);
            File.WriteAllText(path, $"#!/bin/sh\necho \"vigil: Pacemaker tool '{tool}' is not available (the OCF bridge runs agents without Pacemaker)\" >&2\nexit 1\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return directory;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort at exit
        }
        catch (UnauthorizedAccessException)
        {
            // best effort at exit
        }
    }
}
