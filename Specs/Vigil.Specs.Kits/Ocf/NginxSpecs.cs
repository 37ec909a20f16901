using System.Net;
using System.Net.Sockets;
using Vigil.Kits.Ocf;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Ocf;

/// <summary>A real service through an unchanged agent: nginx via ocf:heartbeat:nginx on a loopback port.</summary>
public sealed class NginxSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-nginx-").FullName;
    private readonly int _port = FreePort();
    private readonly OcfResourceType _type = new();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Dictionary<string, string> Parameters()
    {
        var config = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(config, $$"""
            worker_processes 1;
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{_dir}}/body; proxy_temp_path {{_dir}}/proxy; fastcgi_temp_path {{_dir}}/fcgi;
              uwsgi_temp_path {{_dir}}/uwsgi; scgi_temp_path {{_dir}}/scgi;
              server { listen 127.0.0.1:{{_port}}; location / { return 200 "vigil nginx ok\n"; } }
            }
            """);
        return new Dictionary<string, string>
        {
            ["agent"] = "heartbeat:nginx",
            ["rscTmp"] = _dir,
            ["configfile"] = config,
            ["httpd"] = "/usr/sbin/nginx",
            ["test20url"] = $"http://127.0.0.1:{_port}/",
            ["test20regex"] = "vigil nginx ok",
        };
    }

    [Fact]
    public async Task RestoreCheckRemove_NginxAgent_ServesWhileRestoredAndStopsCleanly()
    {
        var parameters = Parameters();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var restore = await Contexts.RunAsync(_type, KitAction.Restore, "web", parameters, TimeSpan.FromSeconds(60));
            Assert.True(restore.Succeeded, restore.ExitReason);
            Assert.Equal("vigil nginx ok\n", await http.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/")));
            Assert.True((await Contexts.RunAsync(_type, KitAction.Restore, "web", parameters)).Succeeded);
            Assert.Equal(CheckState.Healthy, (await Contexts.RunAsync(_type, KitAction.QuickCheck, "web", parameters)).Check);
            var deep = await Contexts.RunAsync(_type, KitAction.DeepCheck, "web", parameters);
            Assert.True(deep.Succeeded, deep.ExitReason);

            var remove = await Contexts.RunAsync(_type, KitAction.Remove, "web", parameters, TimeSpan.FromSeconds(60));
            Assert.True(remove.Succeeded, remove.ExitReason);
            Assert.Equal(CheckState.NotRunning, (await Contexts.RunAsync(_type, KitAction.QuickCheck, "web", parameters)).Check);
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/")));
        }
        finally
        {
            await Contexts.RunAsync(_type, KitAction.Remove, "web", parameters, TimeSpan.FromSeconds(60));
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
