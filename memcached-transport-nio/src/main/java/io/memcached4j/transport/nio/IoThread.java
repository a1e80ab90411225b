package io.memcached4j.transport.nio;

/** An event-loop thread, marked with the client it serves so blocking calls on it can be refused. */
final class IoThread extends Thread {
    final NioClient owner;

    IoThread(NioClient owner, Runnable loop, String name) {
        super(loop, name);
        this.owner = owner;
        setDaemon(true);
    }

    /** @return true when the current thread is one of this client's event loops */
    static boolean isLoopOf(NioClient client) {
        return Thread.currentThread() instanceof IoThread t && t.owner == client;
    }
}
