using System.Security.Cryptography;
using Vigil.Daemon.ControlApi;

namespace Vigil.Cli.Lab;

/// <summary>
/// A lab's control API users: <c>credentials</c> (hashes, what the nodes read) and, for <c>--lab DIR --as ROLE</c>
/// only, <c>lab-passwords</c> (owner-readable) with the generated passwords. A real cluster keeps no such file:
/// <c>vigil cluster init</c> prints the passwords once.
/// </summary>
internal static class LabCredentials
{
    public static readonly string[] Roles = ["admin", "operator", "guest"];

    public static string FileIn(string dir) => Path.Combine(dir, "lab-passwords");

    public static void Create(string dir)
    {
        var passwords = Roles.ToDictionary(r => r, _ => NewPassword());
        CredentialStore.Write(Path.Combine(dir, "credentials"),
            Roles.Select(r => new ApiUser(r, CredentialStore.ParseRole(r)!.Value, PasswordHash.Create(passwords[r]))));
        File.WriteAllLines(FileIn(dir), Roles.Select(r => $"{r} {passwords[r]}"));
        File.SetUnixFileMode(FileIn(dir), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public static string? Password(string dir, string role) =>
        File.Exists(FileIn(dir))
            ? File.ReadLines(FileIn(dir)).Select(l => l.Split(' ', 2)).FirstOrDefault(p => p.Length == 2 && p[0] == role)?[1]
            : null;

    /// <summary>24 random characters from an unambiguous alphabet (about 130 bits).</summary>
    public static string NewPassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
}
