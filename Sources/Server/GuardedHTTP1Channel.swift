import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Hummingbird's HTTP/1 channel with the server's ``HTTPExchangeGuard`` in its pipeline:
/// raw bytes → ``RequestBytesWatcher`` → NIO's HTTP/1 decoder → Hummingbird's codec →
/// the guard → Hummingbird's connection state (idle timeout) → the routes.
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let http1: HTTP1Channel
    let headTimeout: TimeAmount

    var responder: HTTPChannelHandler.Responder { http1.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let headTimeout = self.headTimeout
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let exchange = HTTPExchangeGuard(headTimeout: headTimeout)
            try pipeline.addHandler(exchange, position: .before(try pipeline.handler(type: HTTPConnectionStateHandler.self)))
            try pipeline.addHandler(RequestBytesWatcher(exchange: exchange), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
