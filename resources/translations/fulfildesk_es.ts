<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2
Fulfil player orders across game keys, vouchers, physical goods and in-game inventory.

Data folder: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bundled libraries and their licences:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkVoucherDialog</name>
    <message>
        <source>Bulk issue vouchers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One voucher per recipient, each as its own Plum order with its own PO number. Load a CSV with an &apos;email&apos; column (and optionally &apos;contact&apos; and &apos;tag&apos;), check the preview, then start. Nothing is bought before you press Start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plum emails each voucher to its recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load recipients from CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check / result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {n_rows} recipient(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a CSV of recipients to see the preview.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{valid} voucher(s) will be issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; {skipped} row(s) with problems are skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and {0} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_requests} new Plum orders, one per recipient ({receivers})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {estimate:.2f} {ACCOUNT_CURRENCY}, charged to the Plum account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown (Plum gives no exchange rate for this currency right now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm bulk issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue {n_requests} vouchers?

{body}

{text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue {n_requests} vouchers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total} done. {message}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BuyKeysDialog</name>
    <message>
        <source>Buy game keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys are bought from Kinguin and paid from the Kinguin balance. The price is the most you accept per key; the order is refused if the product costs more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max price per key ({CURRENCY})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add another product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinguin balance: checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy…</source>
        <extracomment>the Kinguin balance once known (None: unknown or not offered by the API)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Anno</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in every product to see the total.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{keys} key(s): at most {total:.2f} {CURRENCY} will be charged to the Kinguin balance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy for up to {total:.2f} {CURRENCY}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinguin sells at most {MAX_QTY} keys of one product per order; split it into several orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This product is already in the order; raise its quantity instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This order could cost up to {total:.2f} {CURRENCY}, more than the Kinguin balance of {balance:.2f} {CURRENCY}. Top up the account or order less.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy these keys from Kinguin?

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new Kinguin order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most {total:.2f} {CURRENCY}, charged to the Kinguin balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>

Kinguin balance now: {balance:.2f} {CURRENCY}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm key purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy for up to {total:.2f} {CURRENCY}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t buy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinguin balance: {amount:,.2f} {CURRENCY}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinguin balance: not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close (keeps buying in the background)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The details were written to the log:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console may not work properly after this error. Quit and start it again; purchases are journaled, so unfinished ones resume at the next start and nothing is bought twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window keeps working: only the step that failed was stopped. Purchases are journaled, so nothing is bought twice and unfinished work resumes. If something looks wrong, quit and start the console again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This has now happened %n times; the latest is shown.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>in background work (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in background work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>while handling what you just did</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageKeyCard</name>
    <message>
        <source>{0}  ·  image key ({kind}){1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image key for {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>●●●●●●  image key hidden: Reveal to show it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image key: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image key for {0} copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save image key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image key saved to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageZoomDialog</name>
    <message>
        <source>Actual size</source>
        <extracomment>the zoomed canvas is capped at this many pixels a side (Qt&apos;s widget limit is 16,777,215)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InventoryController</name>
    <message>
        <source>Inventory provider not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the inventory URL and token in Settings first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not fetch player {player_id}&apos;s orders: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InventoryOrderDialog</name>
    <message>
        <source>Inventory order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant or sell in-game items to a player. Each entry is applied and reported on its own; an all-or-nothing order undoes every entry when one fails.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All or nothing: if one entry fails, undo every entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The item the player pays with, e.g. 1 = Gold, 2 = Gems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove selected entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not used by this entry type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{raw}&apos; is not a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry {0}, {1}: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm inventory order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this inventory order?

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order {order_id} accepted. The provider is still applying it; this view updates by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order {order_id}: {shown}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · loot {loot_id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result code: {result}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyViewer</name>
    <message>
        <source>No keys stored for this order.</source>
        <extracomment>a key was revealed, copied or saved: action, detail (logged in the order&apos;s history)</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeysController</name>
    <message>
        <source>Kinguin not configured</source>
        <extracomment>a purchase ended: operation id, final or paused state keys were fetched for an order: its row and the keys (the window shows them if current) a purchase paused for review: select it in the purchases panel how many keys of an order are delivered: provider order id, &quot;3 of 5 keys delivered&quot;, whether some are still pending a key return ended: order id, final state, the sentence for a person</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the Kinguin URL and API key in Settings first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinguin balance unavailable: {user_message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinguin balance: not offered by this API generation (v1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording the purchase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bought {n_keys} key(s): Kinguin order {order_id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not get the keys of order {order_id}: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not get the keys: {exc}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinguin order {order_id}: {text}; {n_keys} key(s) stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return keys to Kinguin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return {n_returnable} key(s) of Kinguin order {order_id}?

{names}

Kinguin refunds about {refund:.2f} EUR to the balance. The keys stop working and cannot be used afterwards. Kinguin takes a return once per order, within 24 hours of delivery, and only for keys not claimed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return {n_returnable} key(s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KinguinSearchDialog</name>
    <message>
        <source>Search Kinguin orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from, e.g. 4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to, e.g. 15</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>product id, e.g. 18</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>product name contains…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newest / highest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oldest / lowest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total price (EUR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders without an id (status error) are counted but cannot be opened. Double-click an order to open it in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a price such as 4.50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lowest total is above the highest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{kid}&apos; is not a product id (a whole number).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{amount:.2f} EUR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page {page} of {0} ({item_count} order(s))</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source> — demo sandbox</source>
        <extracomment>fits a 1366×768 screen with its task bar a purchase ended (operation id, final or paused state), whichever flow ran it start-up work (resume + first sync) is done the journal was re-read into the purchases panel</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipping queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: demo sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{configured} of 4 providers set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order {order_id} is not in the list (check the filters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This order has no tracking page yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An operation failed unexpectedly: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order cache rebuilt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order list fills again with the sync that starts now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purchase in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A purchase is still running. If you quit now it is resumed the next time the console starts; nothing is bought twice.

Quit anyway?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Message</name>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{at:%Y-%m-%d %H:%M:%S} UTC  {0}  {who}  {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageLog</name>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected messages (all when none is selected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_messages} message(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, {errors} error(s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDetail</name>
    <message>
        <source>Select an order</source>
        <extracomment>&quot;Return keys…&quot; was pressed (the controller confirms first)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No actions recorded by this console yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get keys from Kinguin</source>
        <extracomment>&quot;3 of 5 keys delivered&quot; while Kinguin still delivers; a key return&apos;s result</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return keys to Kinguin…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask Kinguin to take this order&apos;s delivered keys back and refund them (within 24 hours of delivery, keys not claimed, not pre-orders).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email vouchers to the receiver again</source>
        <extracomment>set by the window: Kinguin speaks the current API (key return exists)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History and actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vouchers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an order to see its details and keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} order {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (provider says &apos;{0}&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not dispatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not given yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not added yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no tracking page yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · loot {loot_id}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <source>{0}: the list does not sort by this column.</source>
        <extracomment>one display name per provider (domain/vocabulary.py), kept under its old name for callers the count of the current view arrived (rowCount is now exact) a block of rows of the current view arrived and is shown (block number) blocks of the previous generation of the *same* view, shown while a refresh reads team mode: (provider, order id) -&gt; a marker before the order id (&quot;⚑ ana&quot;)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to sort by total, within each currency (totals in different currencies are never compared).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to sort by {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{explanation}
Provider status: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrdersView</name>
    <message>
        <source>Search orders: id, product, player, reference…  (Ctrl+F)</source>
        <extracomment>the search runs on the reader thread and a newer one supersedes (interrupts) an older one, so there is nothing to save by waiting: 0 only coalesces changes made in one event-loop pass the order shown before a filter change or refresh: selected again (or the pane cleared when the new view hides it) once the reader has counted the new view</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All establishments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting orders…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the {SEARCH_LIMIT:,} most recently synced matches; add words to narrow the search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count:,} order(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No order matches the search and filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No orders yet. Configure a provider in Settings…, or start with `fulfildesk --demo` to try the sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No orders cached yet. Refresh orders (F5) or buy keys (Ctrl+B).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print slip…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open tracking page</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlayerOrdersDialog</name>
    <message>
        <source>A player&apos;s inventory orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>player id, e.g. 7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the player&apos;s id: a whole number above 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_orders} order(s), newest first; double-click one to open it in the list. They are cached for offline use.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProductPicker</name>
    <message>
        <source>Loading products…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denomination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a product…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a product first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a product.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a denomination.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderBox</name>
    <message>
        <source>API generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>users service URL (default: the base URL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (Basic for tpp_ keys)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP Basic (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bearer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the key as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set by {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PurchasesController</name>
    <message>
        <source>Resuming unfinished purchases…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_review} purchase(s) need review: see Purchases below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed {n_outcomes} unfinished purchase(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_outcomes} unfinished purchase(s) checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No unfinished purchases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is not configured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not placed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> at {provider}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss this purchase after review?

{body}

The console will stop tracking it. Nothing is bought or cancelled at {provider}. Only do this once you have checked the {provider} account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep tracking it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PurchasesPanel</name>
    <message>
        <source>When (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carry this purchase forward now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss after review…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_operations} purchase(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{running} in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{review} need(s) review</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>Reveal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} copied; the clipboard is cleared in 45 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <source>Settings saved; they apply as soon as the running purchase has ended.</source>
        <extracomment>asked before the provider clients are rebuilt (set by the window: any purchase running?) settings saved while a purchase ran, applied once it has ended</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings applied. Providers configured: {names}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <extracomment>emitted with the saved settings once Save has kept them emitted with each Test connection answer (for tests and the status bar)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each provider needs its base URL and the credentials its API generation uses. Environment variables (FULFILDESK_&lt;NAME&gt;_URL, _TOKEN, _CLIENT_ID, …) override what is set here. Changes apply as soon as you save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test-{value}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShippingQueue</name>
    <message>
        <source>New reservation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player lookup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Establishment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message>
        <source>Latest message (opens the message log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>

Click to open the message log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Cancel sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync cancelled; what was fetched is kept, and the next sync continues from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced {total:,} orders; failed: {errors}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced {total:,} orders from {n_reports} provider(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider}: last sync {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (last attempt failed: {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write {path}: {strerror}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {count:,} orders to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeamController</name>
    <message>
        <source>Team: offline</source>
        <extracomment>(provider, order id) -&gt; the marker the order list shows</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The team server cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team: online · {others} claimed by others</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seat {seat_id} ({operator})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TextKeyCard</name>
    <message>
        <source>{0}  ·  text key{1}</source>
        <extracomment>a secret was shown or copied: action, detail (for the order&apos;s history)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key for {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key for {0} copied; the clipboard is cleared in 45 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoucherCard</name>
    <message>
        <source>{kind_label} voucher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · valid until {validity}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voucher {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voucher PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open link in browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This voucher&apos;s link is not a web address; it was not opened.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoucherDialog</name>
    <message>
        <source>Buy vouchers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vouchers are bought from Plum and charged to the Plum account. Each purchase gets its own PO number, so it is never paid twice, even if the answer is slow or lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>receiver@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+1-5234567890 (needed for some products)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a note kept with the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plum emails the vouchers to the receiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plum emails the order reference to the admin user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiver email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy for about {estimate:.2f} {ACCOUNT_CURRENCY}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no email (the vouchers are shown here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {estimate:.2f} {ACCOUNT_CURRENCY}, charged to the Plum account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown (Plum gives no exchange rate for this currency right now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new Plum order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm voucher purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy {quantity} × {product_name}?

{body}

{text}

Receiver: {receiver}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t buy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close (keeps buying in the background)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoucherLookupDialog</name>
    <message>
        <source>Look up a voucher order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plum order id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PO number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 1316578, or FD-…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email the vouchers to the receiver again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a Plum order id or a PO number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Plum order id is a number. To search by the reference you placed the order with, choose &apos;PO number&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking it up at Plum…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoucherViewer</name>
    <message>
        <source>No vouchers stored for this order.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VouchersController</name>
    <message>
        <source>Plum not configured</source>
        <extracomment>set while a bulk issue runs; cleared = paused</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the Plum URL and token in Settings first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording the purchase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bought {n_vouchers} voucher(s): Plum order {order_id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not resend order {order_id}: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plum emailed the vouchers of order {order_id} to the receiver again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WarehouseController</name>
    <message>
        <source>{action} failed: {0}</source>
        <extracomment>transactions with a confirmed action under way (a second one is ignored)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reservation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reserved {product_name}: reference {reference}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reservation failed: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer details: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer details saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ship {product_name} ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipped {product_name} to {recipient_name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking for {0}: {product_name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking {0} saved for {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every shipped order has its tracking number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{reference} (transaction {tx})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not given by the provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark this order as delivered?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The acquisition is completed at the provider, which may attribute rewards and update stock. It cannot be completed twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel reservation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel this reservation?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reserved stock goes back to the establishment and the order can no longer be shipped. Nothing was paid, so nothing is refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel shipped order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel this shipped order?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>• Cancel and refund: the acquisition is cancelled and the player is refunded the order&apos;s value.
• Cancel without refund: the acquisition is cancelled and no money is returned.

The stock is released either way. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel and refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel without refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marking delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save packing slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packing slip saved to {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packing slip sent to the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player lookup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch a player&apos;s physical goods orders and keep them in the list (also offline).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lookup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_shipments} order(s) of player {0} cached.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Vouchers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inventory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Warehouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch the latest orders from the providers (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full sync (fetch everything again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export view to CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume purchases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carry every unfinished purchase forward now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy game keys from Kinguin (Ctrl+B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search Kinguin orders…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy vouchers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy Plum vouchers (Ctrl+Shift+V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look up voucher order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulk issue vouchers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant or sell in-game items to a player (Ctrl+I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player&apos;s inventory orders…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New reservation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player lookup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipping queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the folder with fulfildesk.log in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the folder with the journal, the order cache and the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Fulfilment Desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>The purchase journal is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>box</name>
    <message>
        <source>No file manager could be opened. The folder is:
%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>buy_keys</name>
    <message>
        <source>Enter the most you will pay per key, for example 3.59.</source>
        <extracomment>Kinguin sells at most this many keys of one product per order (the live API&apos;s limit)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a price; write it like 3.59.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price must be more than 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price must be at most {MAX_PRICE} {CURRENCY} per key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use at most two decimals (cents).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the Kinguin product id, for example 5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a product id; it is a whole number such as 5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That product id is too large.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>confirm</name>
    <message>
        <source>Order: {order}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items: {items}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player: {who}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>{APP_NAME} error report, {0:%Y-%m-%d %H:%M:%S} UTC</source>
        <extracomment>errors after which the interpreter itself may be unsound: the dialog advises quitting how many reports the details keep while the dialog is open (the log has them all)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ctx</name>
    <message>
        <source>The computer ran out of memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file or folder could not be opened: permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file or folder the console needs is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something took too long to answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A network connection failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system refused an operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console met a value it did not expect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console looked for something that was not there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console hit an unexpected problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <source>Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PySide6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>see the package</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>images</name>
    <message>
        <source>The image is too large to show safely ({0} KB of data).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image data is damaged (not valid base64).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image data is damaged or not an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image data is damaged (no readable size).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is too large to show safely ({0} × {1} pixels).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image could not be decoded: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>inventory</name>
    <message>
        <source>set to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>require at least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>require fewer than</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>require and take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loot id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Promotion code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (item {item_id})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>item {item_id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (loot {loot_id})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the player pays </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing is charged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all or nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each entry on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new order for player {player_id}, source {0}, {all_or_nothing}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orders</name>
    <message>
        <source>Provider</source>
        <extracomment>the columns a click on the header sorts by (each backed by an index)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>packing_slip</name>
    <message>
        <source>PACKING SLIP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference: {reference}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction: {transaction_id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From: {establishment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking: {tracking_number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packing slip</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>purchases</name>
    <message>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>product {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> for {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} × {1} {name} voucher{to} (PO {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} entr{0} for player {1} (order {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most {total:.2f} EUR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} × {1} face value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>API key</source>
        <extracomment>the secret fields each provider uses, with their labels</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Static bearer token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key (tpp_…)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vocabulary</name>
    <message>
        <source>Kinguin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Physical goods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>game keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vouchers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>physical goods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in-game items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant loot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sell loot (player pays)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redeem promotion code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant single transient loot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant entitled loot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sell dynamic bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create item (persistent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create item (transient)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change item (persistent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change item (transient)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change inventory record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom loot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partly applied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vouchers</name>
    <message>
        <source>Choose a product and a denomination to see the total.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; Plum gives no exchange rate for this currency right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> after the {0:f}% discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plum order {order_id}: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivery {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>charged {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PO {po}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>warehouse</name>
    <message>
        <source>Customer details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ship…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel reservation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packing slip…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add tracking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel or refund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New reservation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold stock of a product for a player at an establishment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 29df8b26-a2c8-4a45-9601-07fec4c4242d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. cd8ca7f8-550c-47cb-9563-e4d383aec965</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Establishment id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 522ef85f-7a5c-4ebb-b38d-46f40981be04</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Player email (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>player@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reserve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>City</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ship order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ship</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add tracking number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scan or type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save tracking</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Anywhere in the window</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
