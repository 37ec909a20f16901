namespace Vigil.Daemon.ControlApi;

/// <summary>One line of the credentials file: a user, the role, and the password's PBKDF2 hash (never the password).</summary>
internal sealed record ApiUser(string Name, ApiRole Role, string PasswordHash);
