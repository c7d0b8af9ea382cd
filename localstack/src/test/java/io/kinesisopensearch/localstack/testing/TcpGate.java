package io.kinesisopensearch.localstack.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local port in front of a service that refuses connections (nothing listens on it) until
 * {@link #open()}, then passes every connection's bytes through to the service: a dependency that is
 * down, as a worker meets it, and that comes back at the same address.
 */
public final class TcpGate implements AutoCloseable {

    private final URI target;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    private TcpGate(URI target, int port) {
        this.target = target;
        this.port = port;
    }

    /** A closed gate in front of {@code target} (an http:// endpoint), on a port free now. */
    public static TcpGate closedInFrontOf(URI target) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new TcpGate(target, probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where clients connect: the target's scheme and path on the gate's port. */
    public URI endpoint() {
        return URI.create(target.getScheme() + "://127.0.0.1:" + port + (target.getPath() == null ? "" : target.getPath()));
    }

    /** From now on connections are accepted and passed through. */
    public synchronized void open() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the gate on port " + port, e);
        }
        Thread acceptor = new Thread(this::accept, "tcp-gate-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        ServerSocket socket = server;
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException closed) {
                // One side went; the other follows.
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // Already closed.
                }
            }
        }, "tcp-gate-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                server.close();
            }
            for (Socket socket : sockets) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
