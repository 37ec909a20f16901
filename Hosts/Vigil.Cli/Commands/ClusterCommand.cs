using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Cli.Lab;
using Vigil.Daemon.ControlApi;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil cluster init --dir DIR --name NAME</c>: the cluster's secrets — key (heartbeat HMAC), certificate
/// (consensus and API TLS; <c>cluster.crt</c> is its public half for API clients to pin) and the credentials file
/// with users admin, operator and guest. Generated passwords are printed once and stored nowhere.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dir = new Option<string>("--dir") { Description = "Where to write cluster.key, cluster.pfx, cluster.crt and credentials", Required = true };
        var name = new Option<string>("--name") { Description = "The cluster's name", Required = true };
        var passwords = LabCredentials.Roles.ToDictionary(r => r, r => new Option<string?>($"--{r}-password")
        {
            Description = $"The {r} user's password (default: generated and printed once; or $VIGIL_{r.ToUpperInvariant()}_PASSWORD)",
        });
        var init = new Command("init", "Write a new cluster's key, certificate and control API users") { dir, name };
        foreach (var o in passwords.Values)
        {
            init.Options.Add(o);
        }

        init.SetAction(async (parse, ct) =>
        {
            var target = Path.GetFullPath(parse.GetValue(dir)!);
            var files = new[] { "cluster.key", "cluster.pfx", "cluster.crt", "credentials" }.Select(f => Path.Combine(target, f)).ToList();
            if (files.FirstOrDefault(File.Exists) is { } existing)
            {
                await error.WriteLineAsync($"vigil: {existing} already exists; refusing to replace a cluster's secrets");
                return CliApp.BadInput;
            }

            var chosen = new Dictionary<string, (string Password, bool Generated)>();
            foreach (var (role, option) in passwords)
            {
                var given = parse.GetValue(option) ?? Environment.GetEnvironmentVariable($"VIGIL_{role.ToUpperInvariant()}_PASSWORD");
                if (given is { Length: < 12 })
                {
                    await error.WriteLineAsync($"vigil: --{role}-password: at least 12 characters");
                    return CliApp.BadInput;
                }

                chosen[role] = given is null ? (LabCredentials.NewPassword(), true) : (given, false);
            }

            Directory.CreateDirectory(target);
            WritePrivate(files[0], System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            var pfx = ClusterCertificate.Create(parse.GetValue(name)!);
            WritePrivate(files[1], pfx);
            using (var certificate = X509CertificateLoader.LoadPkcs12(pfx, password: null))
            {
                await File.WriteAllTextAsync(files[2], certificate.ExportCertificatePem() + "\n", ct);
            }

            CredentialStore.Write(files[3], LabCredentials.Roles.Select(r => new ApiUser(r, CredentialStore.ParseRole(r)!.Value, PasswordHash.Create(chosen[r].Password))));
            await output.WriteLineAsync($"wrote {string.Join(", ", files)}");
            await output.WriteLineAsync("copy cluster.key, cluster.pfx and credentials to every node; API clients need only cluster.crt (--cacert)");
            foreach (var (role, (password, generated)) in chosen.Where(c => c.Value.Generated))
            {
                await output.WriteLineAsync($"{role} password (shown once, stored nowhere): {password}");
            }

            return CliApp.Ok;
        });
        return new Command("cluster", "Cluster set-up") { init, ClusterJoinCommand.Create(output, error) };
    }

    private static void WritePrivate(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
