package dev.nnet.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * An all-gather over TCP between the tasks of a barrier stage, task 0 at the centre: every other task sends its
 * bytes to task 0, which sends all of them, in task order, back to each. The stage's one
 * {@link Exchange#allGather} through Spark ({@link BarrierExchange}) only tells the tasks where task 0 listens.
 *
 * <p>Why not Spark's own allGather every step: {@code BarrierTaskContext} waits for the coordinator's answer in
 * sleeps of one second, so a task that waits for the others waits whole seconds whatever the message size (0.6 s a
 * call with 2 tasks, against 1.3 ms here: benchmarks/RESULTS.md). Here a step costs the transfer: task 0 receives (P − 1) messages and sends P (P − 1).
 *
 * <p>Task 0 listens on the address Spark gave its executor (127.0.0.1 when {@code SPARK_LOCAL_IP} says so); a
 * peer that dies makes the others' reads fail within {@link #TIMEOUT_MS}, which fails the stage and lets Spark
 * rerun it from the last epoch's checkpoint.
 */
final class SocketExchange implements Exchange, AutoCloseable {
  /** How long a task waits for the others at one step before giving up. */
  static final int TIMEOUT_MS = 600_000;

  private final int rank;
  private final int tasks;
  private final ServerSocket server;
  private final Socket[] peers;
  private final DataInputStream[] in;
  private final DataOutputStream[] out;

  /**
   * Connects the tasks: task 0 opens a port on {@code host} and announces it through {@code rendezvous} (which
   * every task calls once), the others connect to it.
   */
  SocketExchange(Exchange rendezvous, String host) {
    this.rank = rendezvous.rank();
    this.tasks = rendezvous.tasks();
    int n = rank == 0 ? tasks : 1;
    this.peers = new Socket[n];
    this.in = new DataInputStream[n];
    this.out = new DataOutputStream[n];
    try {
      server = rank == 0 ? new ServerSocket(0, tasks, InetAddress.getByName(host)) : null;
      String address = rank == 0 ? host + ":" + server.getLocalPort() : "";
      String centre = new String(rendezvous.allGather(address.getBytes(java.nio.charset.StandardCharsets.UTF_8))[0],
          java.nio.charset.StandardCharsets.UTF_8);
      if (rank == 0) {
        server.setSoTimeout(TIMEOUT_MS);
        for (int i = 1; i < tasks; i++) {
          Socket s = server.accept();
          DataInputStream input = input(s);
          int peer = input.readInt();
          peers[peer] = s;
          in[peer] = input;
          out[peer] = output(s);
        }
      } else {
        int colon = centre.lastIndexOf(':');
        Socket s = new Socket();
        s.connect(new InetSocketAddress(centre.substring(0, colon), Integer.parseInt(centre.substring(colon + 1))),
            TIMEOUT_MS);
        peers[0] = s;
        in[0] = input(s);
        out[0] = output(s);
        out[0].writeInt(rank);
        out[0].flush();
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("task " + rank + " could not connect to the other tasks", e);
    }
  }

  private static DataInputStream input(Socket s) throws IOException {
    s.setSoTimeout(TIMEOUT_MS);
    s.setTcpNoDelay(true);
    return new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
  }

  private static DataOutputStream output(Socket s) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int tasks() {
    return tasks;
  }

  @Override
  public byte[][] allGather(byte[] mine) {
    byte[][] all = new byte[tasks][];
    try {
      if (rank == 0) {
        all[0] = mine;
        for (int k = 1; k < tasks; k++) {
          all[k] = read(in[k]);
        }
        for (int k = 1; k < tasks; k++) {
          for (byte[] message : all) {
            write(out[k], message);
          }
          out[k].flush();
        }
      } else {
        write(out[0], mine);
        out[0].flush();
        for (int k = 0; k < tasks; k++) {
          all[k] = read(in[0]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("task " + rank + " lost the other tasks during a gradient exchange", e);
    }
    return all;
  }

  private static byte[] read(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }

  private static void write(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  @Override
  public void close() {
    for (Socket s : peers) {
      closeQuietly(s);
    }
    closeQuietly(server);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // Closing after the stage's work (or its failure): nothing left to save.
    }
  }
}
