import Findings
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Guards each connection's exchange of requests and responses where Hummingbird's own loop
/// cannot: the head deadline, HTTP/1.1 parse errors, and closing after a refusal.
///
/// - A request head (request line and headers) must be complete within `headTimeout` of its
///   first byte, or the connection is answered 408 and closed: a client that trickles a header
///   line every few seconds (slow loris) is refused instead of holding the connection until the
///   idle timeout. A connection on which no byte of a new request arrived is left to the idle
///   timeout, which closes it without an answer.
/// - A parse error in a request head (an unknown method, a malformed line; also one pipelined
///   after a valid request) is answered with the API's JSON error, 400 or 431, once the responses
///   owed before it are written, then the connection is closed.
/// - A parse error in a request body (a malformed chunk size) goes on to the route reading that
///   body, whose ``BodyReader`` answers 400; the connection is closed after that answer.
/// - A response with `Connection: close` (every 408, every parse error) closes the connection
///   once written; anything written after it is dropped.
/// - A response that ends the connection while the request's body is still arriving (a 413
///   refused on its `Content-Length`, or any answer to a request with `Connection: close`)
///   lingers before closing, as nginx's lingering close does: the rest of the body is read and
///   dropped (at most ``lingerTotal``, and ``lingerIdle`` without a byte), then the connection
///   closes. Closing at once would leave the client's unsent body in the way of the answer: it
///   would see a reset (or wait until a timeout) instead of its 413.
///
/// Sits between Hummingbird's HTTP/1 codec and its connection-state handler; sees raw bytes
/// through ``RequestBytesWatcher`` in front of the decoder. Confined to the channel's event loop.
final class HTTPExchangeGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let headTimeout: TimeAmount
    private var context: ChannelHandlerContext?
    private var headTimer: Scheduled<Void>?
    /// The next bytes to arrive begin a request head.
    private var awaitingHead = true
    /// A head arrived and its body's end has not.
    private var readingBody = false
    /// Requests whose heads arrived and whose responses have not ended.
    private var responsesOwed = 0
    /// The response being written ends the connection.
    private var closeAfterResponse = false
    /// A refusal to write once every response owed before it has ended.
    private var pendingRefusal: APIError?
    /// The last response is written (or the connection is going): nothing more goes out or in.
    private var closing = false
    /// The request being read asked for `Connection: close`.
    private var requestWantsClose = false
    /// The answer is written; the rest of the request's body is read and dropped before closing.
    private var lingering = false
    private var lingerEnd: NIODeadline?
    private var lingerTimer: Scheduled<Void>?
    /// A full close asked for (by the idle timer, say) while lingering: done when lingering ends.
    private var deferredClose: EventLoopPromise<Void>?

    static let lingerTotal = TimeAmount.seconds(30)
    static let lingerIdle = TimeAmount.seconds(5)

    init(headTimeout: TimeAmount) {
        self.headTimeout = headTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelHeadTimer()
        lingerTimer?.cancel()
        self.context = nil
    }

    /// Bytes arrived in front of the decoder (``RequestBytesWatcher``): when they begin a
    /// request head, its deadline starts.
    func bytesArrived() {
        guard awaitingHead, headTimer == nil, !closing, let context else { return }
        let milliseconds = headTimeout.nanoseconds / 1_000_000
        let seconds = milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
        headTimer = context.eventLoop.assumeIsolated().scheduleTask(in: headTimeout) { [self] in
            headTimer = nil
            refuse(APIError(.requestTimeout, MessageText("server.headTimeout", ["seconds": .data("\(seconds)")]),
                            closesConnection: true))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if lingering {
            // The answer is out: the body's rest is dropped until it ends.
            if case .end = unwrapInboundIn(data) {
                endLingering(context: context)
            } else {
                scheduleLingerTimer(context: context)
                context.read()
            }
            return
        }
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let request):
            cancelHeadTimer()
            awaitingHead = false
            readingBody = true
            responsesOwed += 1
            requestWantsClose = request.headerFields[.connection]?.lowercased().contains("close") == true
        case .body:
            break
        case .end:
            readingBody = false
            awaitingHead = true
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if lingering {
            endLingering(context: context)
            return
        }
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        cancelHeadTimer()
        awaitingHead = false
        if readingBody {
            if responsesOwed > 0 {
                // The route reading this body answers it (BodyReader: 400); then the connection closes.
                closeAfterResponse = true
                context.fireErrorCaught(error)
            } else {
                // Answered already, without reading the body: nobody is owed an answer.
                closing = true
                context.close(promise: nil)
            }
        } else {
            refuse(APIError.from(parserError))
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !closing else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(let response):
            if response.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
        case .body:
            break
        case .end:
            responsesOwed = max(0, responsesOwed - 1)
            if readingBody, closeAfterResponse || requestWantsClose {
                // Answered before the body arrived: read the rest, then close. Lingering from
                // now on, so a close asked for along with this write waits too.
                closing = true
                lingering = true
                let written = context.writeAndFlush(data)
                written.cascade(to: promise)
                written.assumeIsolated().whenComplete { [self] result in
                    if case .failure = result { return endLingering(context: context) }
                    startLingering(context: context)
                }
                return
            }
            if closeAfterResponse {
                closing = true
                let written = context.writeAndFlush(data)
                written.cascade(to: promise)
                closeOnceWritten(written, context: context)
                return
            }
            if responsesOwed == 0, let refusal = pendingRefusal {
                context.write(data, promise: promise)
                write(refusal, context: context)
                return
            }
        }
        context.write(data, promise: promise)
    }

    /// A full close asked for while lingering waits for its end; a half close of the output (the
    /// answer is complete) goes through at once.
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard lingering, mode == .all else {
            context.close(mode: mode, promise: promise)
            return
        }
        if let promise {
            if let deferredClose { promise.futureResult.cascade(to: deferredClose) } else { deferredClose = promise }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        lingerTimer?.cancel()
        lingering = false
        context.fireChannelInactive()
    }

    private func startLingering(context: ChannelHandlerContext) {
        guard lingering, context.channel.isActive else { return endLingering(context: context) }
        lingerEnd = .now() + Self.lingerTotal
        scheduleLingerTimer(context: context)
        context.read()
    }

    /// Ends lingering after ``lingerIdle`` without a byte, and at ``lingerTotal`` at the latest.
    private func scheduleLingerTimer(context: ChannelHandlerContext) {
        lingerTimer?.cancel()
        guard let end = lingerEnd else { return }
        let fire = min(end, .now() + Self.lingerIdle)
        lingerTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: fire) { [self] in
            endLingering(context: context)
        }
    }

    private func endLingering(context: ChannelHandlerContext) {
        guard lingering else { return }
        lingering = false
        lingerTimer?.cancel()
        lingerTimer = nil
        context.close(mode: .all, promise: deferredClose)
        deferredClose = nil
    }

    /// Answers `refusal` now, or after the responses owed when some are being written.
    private func refuse(_ refusal: APIError) {
        guard !closing, let context else { return }
        if responsesOwed > 0 {
            if pendingRefusal == nil { pendingRefusal = refusal }
            return
        }
        write(refusal, context: context)
    }

    /// Writes the refusal as the connection's last response and closes it.
    private func write(_ refusal: APIError, context: ChannelHandlerContext) {
        closing = true
        let body = ByteBuffer(bytes: refusal.json().data())
        let fields: HTTPFields = [.contentType: "application/json", .connection: "close", .contentLength: String(body.readableBytes)]
        context.write(wrapOutboundOut(.head(HTTPResponse(status: refusal.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        closeOnceWritten(context.writeAndFlush(wrapOutboundOut(.end(nil))), context: context)
    }

    /// Closes the connection once its last response has gone to the socket (closing earlier
    /// would drop what is still queued).
    private func closeOnceWritten(_ written: EventLoopFuture<Void>, context: ChannelHandlerContext) {
        written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func cancelHeadTimer() {
        headTimer?.cancel()
        headTimer = nil
    }
}

/// In front of the HTTP decoder: tells the guard that bytes arrived, so a request head's
/// deadline runs from its first byte rather than from its completion.
final class RequestBytesWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let exchange: HTTPExchangeGuard

    init(exchange: HTTPExchangeGuard) {
        self.exchange = exchange
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        exchange.bytesArrived()
        context.fireChannelRead(data)
    }
}
