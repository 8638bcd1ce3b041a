<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %s</source>
        <translation>Acerca de %s</translation>
    </message>
    <message>
        <source>%1 %2
Fulfil player orders across game keys, vouchers, physical goods and in-game inventory.

Data folder: %3</source>
        <translation>%1 %2
Preparación de los pedidos de los jugadores: claves de juego, vales, productos físicos e inventario del juego.

Carpeta de datos: %3</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Componente</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Biblioteca</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licencia</translation>
    </message>
    <message>
        <source>Bundled libraries and their licences:</source>
        <translation>Bibliotecas incluidas y sus licencias:</translation>
    </message>
</context>
<context>
    <name>BulkController</name>
    <message>
        <source>Select orders first (Shift or Ctrl with the arrows or the mouse).</source>
        <translation>Seleccione primero los pedidos (Mayús o Ctrl con las flechas o el ratón).</translation>
    </message>
    <message>
        <source>Warehouse not configured</source>
        <translation>Almacén sin configurar</translation>
    </message>
    <message>
        <source>Set up the physical goods provider in Settings first.</source>
        <translation>Configure primero el proveedor de productos físicos en Configuración.</translation>
    </message>
    <message>
        <source>Bulk %1: %2 done, %3 failed, %4 cancelled, %5 skipped.</source>
        <translation>En bloque (%1): %2 hechos, %3 fallidos, %4 cancelados, %5 omitidos.</translation>
    </message>
    <message>
        <source>Making %1 packing slip(s)…</source>
        <translation>Preparando %1 albarán(es)…</translation>
    </message>
    <message>
        <source>saved as PDF (%1)</source>
        <translation>guardados como PDF (%1)</translation>
    </message>
    <message>
        <source>Packing slips not printed: %1</source>
        <translation>Albaranes no impresos: %1</translation>
    </message>
    <message>
        <source>sent to the printer</source>
        <translation>enviados a la impresora</translation>
    </message>
    <message>
        <source>%1 packing slip(s) saved to %2.</source>
        <translation>%1 albarán(es) guardado(s) en %2.</translation>
    </message>
    <message>
        <source>%1 packing slip(s) %2.</source>
        <translation>%1 albarán(es) %2.</translation>
    </message>
    <message>
        <source>reprint, </source>
        <translation>reimpresión, </translation>
    </message>
</context>
<context>
    <name>BulkDialog</name>
    <message>
        <source>%1: %2 selected order(s)</source>
        <translation>%1: %2 pedido(s) seleccionado(s)</translation>
    </message>
    <message>
        <source>Preview: what happens to each order, and which are skipped and why. Nothing is sent until you start.</source>
        <translation>Vista previa: qué se hace con cada pedido y cuáles se omiten y por qué. No se envía nada hasta que empiece.</translation>
    </message>
    <message>
        <source>Scan or type a tracking number and press Enter: it goes to the next order</source>
        <translation>Escanee o escriba un número de seguimiento y pulse Intro: va al siguiente pedido</translation>
    </message>
    <message>
        <source>…or paste a two-column list: order (reference or id), tracking number</source>
        <translation>…o pegue una lista de dos columnas: pedido (referencia o id.), número de seguimiento</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Qué se hace</translation>
    </message>
    <message>
        <source>Skipped because</source>
        <translation>Se omite porque</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>Guardar PDF…</translation>
    </message>
    <message>
        <source>Start: %1</source>
        <translation>Empezar: %1</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Intro</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Cancelar la ejecución</translation>
    </message>
    <message>
        <source>Export results…</source>
        <translation>Exportar resultados…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>%1 order(s) will be handled, %2 skipped.</source>
        <translation>Se tramitarán %1 pedido(s); se omiten %2.</translation>
    </message>
    <message>
        <source>Every order has a tracking number already.</source>
        <translation>Todos los pedidos tienen ya número de seguimiento.</translation>
    </message>
    <message>
        <source>%1 of %2: %3</source>
        <translation>%1 de %2: %3</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Results, one line per order. Export them with Ctrl+S.</source>
        <translation>Resultados, una línea por pedido. Expórtelos con Ctrl+S.</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message numerus="yes">
        <source>%n done</source>
        <translation>
            <numerusform>%n hecho</numerusform>
            <numerusform>%n hechos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already done</source>
        <translation>
            <numerusform>%n ya hecho</numerusform>
            <numerusform>%n ya hechos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fallido</numerusform>
            <numerusform>%n fallidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n omitido</numerusform>
            <numerusform>%n omitidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cancelled</source>
        <translation>
            <numerusform>%n cancelado</numerusform>
            <numerusform>%n cancelados</numerusform>
        </translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>Exportar resultados</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Results exported to %1.</source>
        <translation>Resultados exportados a %1.</translation>
    </message>
    <message>
        <source>Save packing slips</source>
        <translation>Guardar los albaranes</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Making %1 packing slip(s)…</source>
        <translation>Preparando %1 albarán(es)…</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Guardado en %1.</translation>
    </message>
</context>
<context>
    <name>BulkVoucherDialog</name>
    <message>
        <source>Bulk issue vouchers</source>
        <translation>Emisión masiva de vales</translation>
    </message>
    <message>
        <source>One voucher per recipient, each as its own Plum order with its own PO number. Load a CSV with an &apos;email&apos; column (and optionally &apos;contact&apos; and &apos;tag&apos;), check the preview, then start. Nothing is bought before you press Start.</source>
        <translation>Un vale por destinatario, cada uno como pedido de Plum propio con su propio número de PO. Cargue un CSV con una columna &apos;email&apos; (y, si quiere, &apos;contact&apos; y &apos;tag&apos;), revise la vista previa y empiece. No se compra nada hasta que pulse Empezar.</translation>
    </message>
    <message>
        <source>Plum emails each voucher to its recipient</source>
        <translation>Plum envía cada vale por correo a su destinatario</translation>
    </message>
    <message>
        <source>Load recipients from CSV…</source>
        <translation>Cargar destinatarios desde CSV…</translation>
    </message>
    <message>
        <source>No file loaded.</source>
        <translation>Ningún archivo cargado.</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Móvil</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Check / result</source>
        <translation>Comprobación / resultado</translation>
    </message>
    <message>
        <source>Start…</source>
        <translation>Empezar…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>Destinatarios</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>The file is larger than 2 MB; split it.</source>
        <translation>El archivo ocupa más de 2 MB; divídalo.</translation>
    </message>
    <message>
        <source>pasted text</source>
        <translation>texto pegado</translation>
    </message>
    <message>
        <source>{name}: {n_rows} recipient(s)</source>
        <translation>{name}: {n_rows} destinatario(s)</translation>
    </message>
    <message>
        <source>Load a CSV of recipients to see the preview.</source>
        <translation>Cargue un CSV de destinatarios para ver la vista previa.</translation>
    </message>
    <message>
        <source>{valid} voucher(s) will be issued</source>
        <translation>Se emitirán {valid} vale(s)</translation>
    </message>
    <message>
        <source>; {skipped} row(s) with problems are skipped</source>
        <translation>; se omiten {skipped} fila(s) con problemas</translation>
    </message>
    <message>
        <source> and {0} more</source>
        <translation> y {0} más</translation>
    </message>
    <message>
        <source>{n_requests} new Plum orders, one per recipient ({receivers})</source>
        <translation>{n_requests} pedidos nuevos de Plum, uno por destinatario ({receivers})</translation>
    </message>
    <message>
        <source>about {estimate} {ACCOUNT_CURRENCY}, charged to the Plum account</source>
        <translation>unos {estimate} {ACCOUNT_CURRENCY}, con cargo a la cuenta de Plum</translation>
    </message>
    <message>
        <source>unknown (Plum gives no exchange rate for this currency right now)</source>
        <translation>desconocido (Plum no da ahora un tipo de cambio para esta moneda)</translation>
    </message>
    <message>
        <source>Confirm bulk issue</source>
        <translation>Confirmar la emisión masiva</translation>
    </message>
    <message>
        <source>Issue {n_requests} vouchers?

{body}

{text}</source>
        <translation>¿Emitir {n_requests} vales?

{body}

{text}</translation>
    </message>
    <message>
        <source>Issue {n_requests} vouchers</source>
        <translation>Emitir {n_requests} vales</translation>
    </message>
    <message>
        <source>Don&apos;t issue</source>
        <translation>No emitir</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>{done} of {total} done. {message}</source>
        <translation>{done} de {total} hechos. {message}</translation>
    </message>
</context>
<context>
    <name>BuyKeysDialog</name>
    <message>
        <source>Buy game keys</source>
        <translation>Comprar claves de juego</translation>
    </message>
    <message>
        <source>Keys are bought from Kinguin and paid from the Kinguin balance. The price is the most you accept per key; the order is refused if the product costs more.</source>
        <translation>Las claves se compran a Kinguin y se pagan con el saldo de Kinguin. El precio es el máximo que acepta por clave; el pedido se rechaza si el producto cuesta más.</translation>
    </message>
    <message>
        <source>Product id</source>
        <translation>Id. de producto</translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation>Nombre (opcional)</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Max price per key ({CURRENCY})</source>
        <translation>Precio máx. por clave ({CURRENCY})</translation>
    </message>
    <message>
        <source>Add another product</source>
        <translation>Añadir otro producto</translation>
    </message>
    <message>
        <source>Kinguin balance: checking…</source>
        <translation>Saldo de Kinguin: consultando…</translation>
    </message>
    <message>
        <source>Buy…</source>
        <extracomment>the Kinguin balance once known (None: unknown or not offered by the API)</extracomment>
        <translation>Comprar…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>e.g. Anno</source>
        <translation>p. ej. Anno</translation>
    </message>
    <message>
        <source>Fill in every product to see the total.</source>
        <translation>Complete todos los productos para ver el total.</translation>
    </message>
    <message>
        <source>1 key</source>
        <translation>1 clave</translation>
    </message>
    <message>
        <source>{0} keys</source>
        <translation>{0} claves</translation>
    </message>
    <message>
        <source>: at most {total} {CURRENCY} will be charged to the Kinguin balance.</source>
        <translation>: se cargarán como máximo {total} {CURRENCY} al saldo de Kinguin.</translation>
    </message>
    <message>
        <source>Buy for up to {total} {CURRENCY}…</source>
        <translation>Comprar por hasta {total} {CURRENCY}…</translation>
    </message>
    <message>
        <source>This order could cost up to {total} {CURRENCY}, more than the Kinguin balance of {balance} {CURRENCY}. Top up the account or order less.</source>
        <translation>Este pedido podría costar hasta {total} {CURRENCY}, más que el saldo de Kinguin de {balance} {CURRENCY}. Recargue la cuenta o pida menos.</translation>
    </message>
    <message>
        <source>at most {total} {CURRENCY}, charged to the Kinguin balance</source>
        <translation>como máximo {total} {CURRENCY}, con cargo al saldo de Kinguin</translation>
    </message>
    <message>
        <source>

Kinguin balance now: {balance} {CURRENCY}.</source>
        <translation>

Saldo de Kinguin ahora: {balance} {CURRENCY}.</translation>
    </message>
    <message>
        <source>Buy for up to {total} {CURRENCY}</source>
        <translation>Comprar por hasta {total} {CURRENCY}</translation>
    </message>
    <message>
        <source>Kinguin balance: {amount} {CURRENCY}</source>
        <translation>Saldo de Kinguin: {amount} {CURRENCY}</translation>
    </message>
    <message>
        <source>Kinguin sells at most {MAX_QTY} keys of one product per order; split it into several orders.</source>
        <translation>Kinguin vende como máximo {MAX_QTY} claves de un producto por pedido; divídalo en varios pedidos.</translation>
    </message>
    <message>
        <source>This product is already in the order; raise its quantity instead.</source>
        <translation>Este producto ya está en el pedido; aumente su cantidad.</translation>
    </message>
    <message>
        <source>Buy these keys from Kinguin?

</source>
        <translation>¿Comprar estas claves a Kinguin?

</translation>
    </message>
    <message>
        <source>a new Kinguin order</source>
        <translation>un pedido nuevo de Kinguin</translation>
    </message>
    <message>
        <source>Confirm key purchase</source>
        <translation>Confirmar la compra de claves</translation>
    </message>
    <message>
        <source>Don&apos;t buy</source>
        <translation>No comprar</translation>
    </message>
    <message>
        <source>Kinguin balance: not available</source>
        <translation>Saldo de Kinguin: no disponible</translation>
    </message>
    <message>
        <source>Close (keeps buying in the background)</source>
        <translation>Cerrar (la compra sigue en segundo plano)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>CacheNote</name>
    <message>
        <source>The order cache was damaged</source>
        <translation>La caché de pedidos estaba dañada</translation>
    </message>
    <message>
        <source>Rebuild it now from the providers? That is a full sync; the purchase journal is not touched. Not now: the list stays empty until you choose File &gt; Full sync (or run `fulfildesk repair`).</source>
        <translation>¿Reconstruirla ahora desde los proveedores? Es una sincronización completa; el diario de compras no se toca. Ahora no: la lista queda vacía hasta que elija Archivo &gt; Sincronización completa (o ejecute `fulfildesk repair`).</translation>
    </message>
    <message>
        <source>Rebuild now</source>
        <translation>Reconstruir ahora</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Ahora no</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <extracomment>an entry ran (kind, text): tests and the message log the order search of the current text came back</extracomment>
        <translation>Paleta de comandos</translation>
    </message>
    <message>
        <source>Type a command, a saved view, or an order id, reference or tracking number</source>
        <translation>Comando, vista guardada o id., referencia o n.º de seguimiento de un pedido</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Comando</translation>
    </message>
    <message>
        <source>↑↓ choose · Enter run · Esc close</source>
        <translation>↑↓ elegir · Intro ejecutar · Esc cerrar</translation>
    </message>
    <message>
        <source>View: </source>
        <translation>Vista: </translation>
    </message>
    <message>
        <source>Go to order {id} ({provider}) {extra}</source>
        <translation>Ir al pedido {id} ({provider}) {extra}</translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <source>Connect a provider</source>
        <translation>Conectar un proveedor</translation>
    </message>
    <message>
        <source>Choose the provider, fill in what its dashboard gives you and press Test connection. What you enter is saved when you press Finish; secrets go to the system keyring, or to the console&apos;s encrypted vault.</source>
        <translation>Elija el proveedor, rellene lo que le da su panel y pulse Probar conexión. Lo que introduzca se guarda al pulsar Finalizar; los secretos van al llavero del sistema o a la caja cifrada de la consola.</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>Algo ha fallado</translation>
    </message>
    <message>
        <source>The details were written to the log:
%1</source>
        <translation>Los detalles se han escrito en el registro:
%1</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>Mostrar detalles</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copiar detalles</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir la carpeta del registro</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Seguir trabajando</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>The console may not work properly after this error. Quit and start it again; purchases are journaled, so unfinished ones resume at the next start and nothing is bought twice.</source>
        <translation>Es posible que la consola no funcione bien tras este error. Salga y vuelva a iniciarla; las compras quedan registradas en el diario, así que las pendientes se reanudan en el próximo inicio y nada se compra dos veces.</translation>
    </message>
    <message>
        <source>The window keeps working: only the step that failed was stopped. Purchases are journaled, so nothing is bought twice and unfinished work resumes. If something looks wrong, quit and start the console again.</source>
        <translation>La ventana sigue funcionando: solo se detuvo el paso que falló. Las compras quedan registradas en el diario, así que nada se compra dos veces y el trabajo pendiente se reanuda. Si algo no parece correcto, salga y vuelva a iniciar la consola.</translation>
    </message>
    <message numerus="yes">
        <source>This has now happened %n times; the latest is shown.</source>
        <translation>
            <numerusform>Esto ha ocurrido ya %n vez; se muestra la última.</numerusform>
            <numerusform>Esto ha ocurrido ya %n veces; se muestra la última.</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>Ocultar detalles</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>in background work (%1)</source>
        <translation>en un trabajo en segundo plano (%1)</translation>
    </message>
    <message>
        <source>in background work</source>
        <translation>en un trabajo en segundo plano</translation>
    </message>
    <message>
        <source>while handling what you just did</source>
        <translation>al procesar lo que acaba de hacer</translation>
    </message>
</context>
<context>
    <name>FirstRunGuide</name>
    <message>
        <source>Warehouse: reservations and shipping</source>
        <extracomment>the profiles a person can choose (settings.json `profile`), in the order offered</extracomment>
        <translation>Almacén: reservas y envíos</translation>
    </message>
    <message>
        <source>Store manager: vouchers and inventory</source>
        <translation>Encargado de tienda: vales e inventario</translation>
    </message>
    <message>
        <source>Key dispatcher: game keys</source>
        <translation>Despacho de claves: claves de juego</translation>
    </message>
    <message>
        <source>All of it</source>
        <translation>Todo</translation>
    </message>
    <message>
        <source>First-run guide</source>
        <extracomment>emitted with the settings when the guide is done (finished or skipped) and saved emitted with the settings when a provider was connected (the window reconfigures)</extracomment>
        <translation>Guía de primer uso</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Omitir</translation>
    </message>
</context>
<context>
    <name>GeneralBox</name>
    <message>
        <source>Spending and team</source>
        <translation>Gasto y equipo</translation>
    </message>
    <message>
        <source>no limit (e.g. 250 or 99.50)</source>
        <translation>sin límite (p. ej. 250 o 99.50)</translation>
    </message>
    <message>
        <source>The most this installation may spend on Kinguin keys per UTC day. Empty: no limit.</source>
        <translation>Lo máximo que esta instalación puede gastar en claves de Kinguin por día UTC. Vacío: sin límite.</translation>
    </message>
    <message>
        <source>Daily spend limit (EUR)</source>
        <translation>Límite de gasto diario (EUR)</translation>
    </message>
    <message>
        <source>working alone (e.g. host=db.example.com dbname=desk user=desk)</source>
        <translation>trabajando en solitario (p. ej. host=db.example.com dbname=desk user=desk)</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>guardada</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>sin indicar</translation>
    </message>
    <message>
        <source>Team server</source>
        <translation>Servidor del equipo</translation>
    </message>
    <message>
        <source>The password is kept with the other secrets, never in settings.json; a password written inside the connection string is moved there on Save.</source>
        <translation>La contraseña se guarda con los demás secretos, nunca en settings.json; una contraseña escrita en la cadena de conexión se traslada allí al guardar.</translation>
    </message>
    <message>
        <source>Team server password</source>
        <translation>Contraseña del servidor del equipo</translation>
    </message>
    <message>
        <source>Set by {name}</source>
        <translation>Fijado por {name}</translation>
    </message>
    <message>
        <source>Enter an amount above 0 in EUR, e.g. 250 or 99.50, or leave it empty for no limit.</source>
        <translation>Introduzca un importe mayor que 0 en EUR, p. ej. 250 o 99.50, o déjelo vacío para no tener límite.</translation>
    </message>
</context>
<context>
    <name>HealthChart</name>
    <message>
        <source>bars: requests (failed in red) · line: p95 latency</source>
        <translation>barras: peticiones (fallidas en rojo) · línea: latencia p95</translation>
    </message>
    <message>
        <source>now</source>
        <translation>ahora</translation>
    </message>
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <source>Last hour</source>
        <translation>Última hora</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Último día</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Periodo:</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Peticiones</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Errores</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Ahora</translation>
    </message>
    <message>
        <source>No provider requests recorded yet.</source>
        <translation>Aún no hay peticiones a proveedores registradas.</translation>
    </message>
    <message>
        <source>Degraded: </source>
        <translation>Degradado: </translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Correcto</translation>
    </message>
</context>
<context>
    <name>ImageKeyCard</name>
    <message>
        <source>{0}  ·  image key ({kind}){1}</source>
        <translation>{0}  ·  clave en imagen ({kind}){1}</translation>
    </message>
    <message>
        <source>Image key for {name}</source>
        <translation>Clave en imagen de {name}</translation>
    </message>
    <message>
        <source>●●●●●●  image key hidden: Reveal to show it</source>
        <translation>●●●●●●  clave en imagen oculta: pulse Mostrar para verla</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>Copiar imagen</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Guardar…</translation>
    </message>
    <message>
        <source>Zoom…</source>
        <translation>Ampliar…</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Image key: {0}</source>
        <translation>Clave en imagen: {0}</translation>
    </message>
    <message>
        <source>Image key for {0} copied.</source>
        <translation>Clave en imagen de {0} copiada.</translation>
    </message>
    <message>
        <source>Save image key</source>
        <translation>Guardar la clave en imagen</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg)</source>
        <translation>Imágenes (*.png *.jpg)</translation>
    </message>
    <message>
        <source>Image key saved to {path}.</source>
        <translation>Clave en imagen guardada en {path}.</translation>
    </message>
</context>
<context>
    <name>ImageZoomDialog</name>
    <message>
        <source>Actual size</source>
        <extracomment>the zoomed canvas is capped at this many pixels a side (Qt&apos;s widget limit is 16,777,215)</extracomment>
        <translation>Tamaño real</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
</context>
<context>
    <name>InventoryController</name>
    <message>
        <source>Inventory provider not configured</source>
        <translation>Proveedor de inventario sin configurar</translation>
    </message>
    <message>
        <source>Set the inventory URL and token in Settings first.</source>
        <translation>Indique primero la URL y el token del inventario en Configuración.</translation>
    </message>
    <message>
        <source>Could not fetch player {player_id}&apos;s orders: {0}</source>
        <translation>No se pudieron obtener los pedidos del jugador {player_id}: {0}</translation>
    </message>
</context>
<context>
    <name>InventoryOrderDialog</name>
    <message>
        <source>Inventory order</source>
        <extracomment>&quot;v2&quot; names players by UUID, &quot;v1&quot; by number (the provider&apos;s API generation)</extracomment>
        <translation>Pedido de inventario</translation>
    </message>
    <message>
        <source>Grant or sell in-game items to a player. Each entry is applied and reported on its own; an all-or-nothing order undoes every entry when one fails.</source>
        <translation>Conceda o venda objetos del juego a un jugador. Cada entrada se aplica e informa por separado; un pedido de todo o nada deshace todas las entradas si una falla.</translation>
    </message>
    <message>
        <source>All or nothing: if one entry fails, undo every entry</source>
        <translation>Todo o nada: si una entrada falla, deshacer todas</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>The item the player pays with, e.g. 1 = Gold, 2 = Gems</source>
        <translation>El objeto con el que paga el jugador, p. ej. 1 = Oro, 2 = Gemas</translation>
    </message>
    <message>
        <source>Add entry</source>
        <translation>Añadir entrada</translation>
    </message>
    <message>
        <source>Remove selected entry</source>
        <translation>Quitar la entrada seleccionada</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Inventory changes</source>
        <translation>Cambios de inventario</translation>
    </message>
    <message>
        <source>Send order…</source>
        <translation>Enviar pedido…</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>Pedido nuevo</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Not used by this entry type</source>
        <translation>No se usa en este tipo de entrada</translation>
    </message>
    <message>
        <source>&apos;{raw}&apos; is not a whole number.</source>
        <translation>&apos;{raw}&apos; no es un número entero.</translation>
    </message>
    <message>
        <source>entry</source>
        <translation>entrada</translation>
    </message>
    <message>
        <source>Entry {0}, {1}: {message}</source>
        <translation>Entrada {0}, {1}: {message}</translation>
    </message>
    <message>
        <source>Confirm inventory order</source>
        <translation>Confirmar el pedido de inventario</translation>
    </message>
    <message>
        <source>Send this inventory order?

</source>
        <translation>¿Enviar este pedido de inventario?

</translation>
    </message>
    <message>
        <source>Send order</source>
        <translation>Enviar pedido</translation>
    </message>
    <message>
        <source>Don&apos;t send</source>
        <translation>No enviar</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Order {order_id} accepted. The provider is still applying it; this view updates by itself.</source>
        <translation>Pedido {order_id} aceptado. El proveedor aún lo está aplicando; esta vista se actualiza sola.</translation>
    </message>
    <message>
        <source>Order {order_id}: {shown}.</source>
        <translation>Pedido {order_id}: {shown}.</translation>
    </message>
    <message>
        <source> · loot {loot_id}</source>
        <translation> · botín {loot_id}</translation>
    </message>
    <message>
        <source>Result code: {result}</source>
        <translation>Código de resultado: {result}</translation>
    </message>
</context>
<context>
    <name>KeyViewer</name>
    <message>
        <source>No keys stored for this order.</source>
        <extracomment>a key was revealed, copied or saved: action, detail (logged in the order&apos;s history)</extracomment>
        <translation>No hay claves guardadas para este pedido.</translation>
    </message>
</context>
<context>
    <name>KeysController</name>
    <message>
        <source>Kinguin not configured</source>
        <extracomment>a purchase ended: operation id, final or paused state keys were fetched for an order: its row and the keys (the window shows them if current) a purchase paused for review: select it in the purchases panel how many keys of an order are delivered: provider order id, &quot;3 of 5 keys delivered&quot;, whether some are still pending a key return ended: order id, final state, the sentence for a person</extracomment>
        <translation>Kinguin sin configurar</translation>
    </message>
    <message>
        <source>Set the Kinguin URL and API key in Settings first.</source>
        <translation>Indique primero la URL y la clave de API de Kinguin en Configuración.</translation>
    </message>
    <message>
        <source>Kinguin balance unavailable: {user_message}</source>
        <translation>Saldo de Kinguin no disponible: {user_message}</translation>
    </message>
    <message>
        <source>Kinguin balance: not offered by this API generation (v1)</source>
        <translation>Saldo de Kinguin: esta generación de la API (v1) no lo ofrece</translation>
    </message>
    <message>
        <source>Recording the purchase…</source>
        <translation>Registrando la compra…</translation>
    </message>
    <message>
        <source>Bought {n_keys} key(s): Kinguin order {order_id}.</source>
        <translation>Comprada(s) {n_keys} clave(s): pedido de Kinguin {order_id}.</translation>
    </message>
    <message>
        <source>Could not get the keys of order {order_id}: {0}</source>
        <translation>No se pudieron obtener las claves del pedido {order_id}: {0}</translation>
    </message>
    <message>
        <source>Could not get the keys: {exc}.</source>
        <translation>No se pudieron obtener las claves: {exc}.</translation>
    </message>
    <message>
        <source>Kinguin order {order_id}: {text}; {n_keys} key(s) stored.</source>
        <translation>Pedido de Kinguin {order_id}: {text}; {n_keys} clave(s) guardada(s).</translation>
    </message>
    <message>
        <source>Return keys to Kinguin</source>
        <translation>Devolver claves a Kinguin</translation>
    </message>
    <message>
        <source>1 key</source>
        <translation>1 clave</translation>
    </message>
    <message>
        <source>{0} keys</source>
        <translation>{0} claves</translation>
    </message>
    <message>
        <source>Return {keys} of Kinguin order {order_id}?

{names}

Kinguin refunds about {refund} EUR to the balance. The keys stop working and cannot be used afterwards. Kinguin takes a return once per order, within 24 hours of delivery, and only for keys not claimed.</source>
        <translation>¿Devolver {keys} del pedido de Kinguin {order_id}?

{names}

Kinguin reembolsa unos {refund} EUR al saldo. Las claves dejan de funcionar y no se pueden usar después. Kinguin acepta una devolución por pedido, dentro de las 24 horas siguientes a la entrega, y solo de claves no canjeadas.</translation>
    </message>
    <message>
        <source>Return {keys}</source>
        <translation>Devolver {keys}</translation>
    </message>
</context>
<context>
    <name>KinguinSearchDialog</name>
    <message>
        <source>Search Kinguin orders</source>
        <translation>Buscar pedidos de Kinguin</translation>
    </message>
    <message>
        <source>from, e.g. 4</source>
        <translation>desde, p. ej. 4</translation>
    </message>
    <message>
        <source>to, e.g. 15</source>
        <translation>hasta, p. ej. 15</translation>
    </message>
    <message>
        <source>Created from</source>
        <translation>Creado desde</translation>
    </message>
    <message>
        <source>to</source>
        <translation>hasta</translation>
    </message>
    <message>
        <source>product id, e.g. 18</source>
        <translation>id. de producto, p. ej. 18</translation>
    </message>
    <message>
        <source>product name contains…</source>
        <translation>el nombre del producto contiene…</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Total price</source>
        <translation>Precio total</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Newest / highest first</source>
        <translation>Más recientes / más altos primero</translation>
    </message>
    <message>
        <source>Oldest / lowest first</source>
        <translation>Más antiguos / más bajos primero</translation>
    </message>
    <message>
        <source>Total price (EUR)</source>
        <translation>Precio total (EUR)</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation>Estados</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>per page</source>
        <translation>por página</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Anterior</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Siguiente ▶</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation>Creado (UTC)</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Productos</translation>
    </message>
    <message>
        <source>Orders without an id (status error) are counted but cannot be opened. Double-click an order to open it in the list.</source>
        <translation>Los pedidos sin id. (estado de error) se cuentan pero no se pueden abrir. Haga doble clic en un pedido para abrirlo en la lista.</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a price such as 4.50.</source>
        <translation>&apos;{text}&apos; no es un precio como 4.50.</translation>
    </message>
    <message>
        <source>The lowest total is above the highest.</source>
        <translation>El total mínimo es mayor que el máximo.</translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation>La fecha de inicio es posterior a la de fin.</translation>
    </message>
    <message>
        <source>&apos;{kid}&apos; is not a product id (a whole number).</source>
        <translation>&apos;{kid}&apos; no es un id. de producto (un número entero).</translation>
    </message>
    <message>
        <source>{amount} EUR</source>
        <translation>{amount} EUR</translation>
    </message>
    <message>
        <source>(no id)</source>
        <translation>(sin id.)</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Page {page} of {0} ({item_count} order)</source>
        <translation>Página {page} de {0} ({item_count} pedido)</translation>
    </message>
    <message>
        <source>Page {page} of {0} ({item_count} orders)</source>
        <translation>Página {page} de {0} ({item_count} pedidos)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source> — demo sandbox</source>
        <extracomment>fits a 1366×768 screen with its task bar a purchase ended (operation id, final or paused state), whichever flow ran it start-up work (resume + first sync) is done the journal was re-read into the purchases panel</extracomment>
        <translation> — entorno de demostración</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>Compras</translation>
    </message>
    <message>
        <source>Shipping queue</source>
        <translation>Cola de envíos</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>{name}: not configured</source>
        <translation>{name}: sin configurar</translation>
    </message>
    <message>
        <source>{name}: demo sandbox</source>
        <translation>{name}: entorno de demostración</translation>
    </message>
    <message>
        <source>Demo sandbox</source>
        <translation>Entorno de demostración</translation>
    </message>
    <message>
        <source>{0} of 4 providers set up</source>
        <translation>{0} de 4 proveedores configurados</translation>
    </message>
    <message>
        <source>Order {0} is not in the list (check the filters).</source>
        <translation>El pedido {0} no está en la lista (revise los filtros).</translation>
    </message>
    <message>
        <source>Unexpected failure: {0}</source>
        <translation>Fallo inesperado: {0}</translation>
    </message>
    <message>
        <source>This order has no tracking page yet.</source>
        <translation>Este pedido aún no tiene página de seguimiento.</translation>
    </message>
    <message>
        <source>Purchase in progress</source>
        <translation>Compra en curso</translation>
    </message>
    <message>
        <source>A purchase is still running. If you quit now it is resumed the next time the console starts; nothing is bought twice.

Quit anyway?</source>
        <translation>Todavía hay una compra en curso. Si sale ahora, se reanuda la próxima vez que se inicie la consola; nada se compra dos veces.

¿Salir de todos modos?</translation>
    </message>
</context>
<context>
    <name>Message</name>
    <message>
        <source>Console</source>
        <translation>Consola</translation>
    </message>
    <message>
        <source>{at:%Y-%m-%d %H:%M:%S} UTC  {0}  {who}  {text}</source>
        <translation>{at:%d/%m/%Y %H:%M:%S} UTC  {0}  {who}  {text}</translation>
    </message>
</context>
<context>
    <name>MessageLog</name>
    <message>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>No messages yet.</source>
        <translation>Aún no hay mensajes.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the selected messages (all when none is selected)</source>
        <translation>Copiar los mensajes seleccionados (todos si no hay ninguno seleccionado)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Vaciar</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Consola</translation>
    </message>
    <message>
        <source>1 message</source>
        <translation>1 mensaje</translation>
    </message>
    <message>
        <source>{0} messages</source>
        <translation>{0} mensajes</translation>
    </message>
    <message>
        <source>, 1 error</source>
        <translation>, 1 error</translation>
    </message>
    <message>
        <source>, {0} errors</source>
        <translation>, {0} errores</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Team notes and tags</source>
        <translation>Notas y etiquetas del equipo</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Asignármelo</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Liberar</translation>
    </message>
    <message>
        <source>New tag, Enter to add</source>
        <translation>Etiqueta nueva, Intro para añadir</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Azul</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Verde</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>Naranja</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Rojo</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Gris</translation>
    </message>
    <message>
        <source>Internal note (Ctrl+Return to add)</source>
        <translation>Nota interna (Ctrl+Intro para añadir)</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Añadir nota</translation>
    </message>
    <message>
        <source>No notes yet.</source>
        <translation>Aún no hay notas.</translation>
    </message>
    <message>
        <source>Remove the tag %1</source>
        <translation>Quitar la etiqueta %1</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <source>Operator and profile</source>
        <translation>Operador y perfil</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>Nombre del operador</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>&amp;Operador:</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Perfil:</translation>
    </message>
    <message>
        <source>The operator&apos;s name is written on every journal entry, history line, print and reveal. A profile only chooses what the window shows and which daily spend limit asks first: it is a convenience, not security.</source>
        <translation>El nombre del operador queda escrito en cada entrada del diario, línea del historial, impresión y revelado. Un perfil solo elige qué muestra la ventana y qué límite de gasto diario pregunta primero: es una comodidad, no una medida de seguridad.</translation>
    </message>
</context>
<context>
    <name>OpsController</name>
    <message>
        <source>Views</source>
        <extracomment>how often the health figures are written to the cache, and the panel redrawn (when shown)</extracomment>
        <translation>Vistas</translation>
    </message>
    <message>
        <source>Provider health</source>
        <translation>Estado de los proveedores</translation>
    </message>
    <message>
        <source>Settings not saved: </source>
        <extracomment>operation id -&gt; state at the last reading of the journal (None before the first)</extracomment>
        <translation>Configuración no guardada: </translation>
    </message>
    <message>
        <source>Operator and profile (File ▸ Operator and profile…). The profile chooses what the window shows; it is a convenience, not security.</source>
        <translation>Operador y perfil (Archivo ▸ Operador y perfil…). El perfil elige qué muestra la ventana; es una comodidad, no una medida de seguridad.</translation>
    </message>
    <message>
        <source>Degraded: </source>
        <translation>Degradado: </translation>
    </message>
    <message>
        <source>Sync finished</source>
        <translation>Sincronización terminada</translation>
    </message>
    <message>
        <source>The order list is up to date.</source>
        <translation>La lista de pedidos está al día.</translation>
    </message>
    <message>
        <source>A purchase needs review</source>
        <translation>Una compra necesita revisión</translation>
    </message>
    <message>
        <source>{n} purchase(s) could not be proven; see the Purchases panel.</source>
        <translation>No se pudo comprobar {n} compra(s); consulte el panel Compras.</translation>
    </message>
    <message>
        <source>Inventory order resolved</source>
        <translation>Pedido de inventario resuelto</translation>
    </message>
    <message>
        <source>Inventory order {order}: {state}.</source>
        <translation>Pedido de inventario {order}: {state}.</translation>
    </message>
    <message>
        <source>Bulk run finished</source>
        <translation>Ejecución en bloque terminada</translation>
    </message>
</context>
<context>
    <name>OrderDetail</name>
    <message>
        <source>Select an order</source>
        <extracomment>&quot;Return keys…&quot; was pressed (the controller confirms first)</extracomment>
        <translation>Seleccione un pedido</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation>Creado (UTC)</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Productos</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Expedición</translation>
    </message>
    <message>
        <source>Player</source>
        <translation>Jugador</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Destinatario</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>Número de seguimiento</translation>
    </message>
    <message>
        <source>Tracking page</source>
        <translation>Página de seguimiento</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Claves</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Inventory changes</source>
        <translation>Cambios de inventario</translation>
    </message>
    <message>
        <source>No actions recorded by this console yet.</source>
        <translation>Esta consola aún no ha registrado ninguna acción.</translation>
    </message>
    <message>
        <source>Get keys from Kinguin</source>
        <extracomment>&quot;3 of 5 keys delivered&quot; while Kinguin still delivers; a key return&apos;s result</extracomment>
        <translation>Obtener las claves de Kinguin</translation>
    </message>
    <message>
        <source>Return keys to Kinguin…</source>
        <translation>Devolver claves a Kinguin…</translation>
    </message>
    <message>
        <source>Ask Kinguin to take this order&apos;s delivered keys back and refund them (within 24 hours of delivery, keys not claimed, not pre-orders).</source>
        <translation>Pedir a Kinguin que recoja las claves entregadas de este pedido y las reembolse (dentro de las 24 horas siguientes a la entrega, claves no canjeadas, no reservas anticipadas).</translation>
    </message>
    <message>
        <source>Email vouchers to the receiver again</source>
        <extracomment>set by the window: Kinguin speaks the current API (key return exists)</extracomment>
        <translation>Volver a enviar los vales al destinatario por correo</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Entradas</translation>
    </message>
    <message>
        <source>History and actions</source>
        <translation>Historial y acciones</translation>
    </message>
    <message>
        <source>Vouchers</source>
        <translation>Vales</translation>
    </message>
    <message>
        <source>Select an order to see its details and keys</source>
        <translation>Seleccione un pedido para ver sus detalles y claves</translation>
    </message>
    <message>
        <source>{provider} order {0}</source>
        <translation>Pedido de {provider} {0}</translation>
    </message>
    <message>
        <source> (provider says &apos;{0}&apos;)</source>
        <translation> (el proveedor indica &apos;{0}&apos;)</translation>
    </message>
    <message>
        <source>not dispatched</source>
        <translation>no expedido</translation>
    </message>
    <message>
        <source>History:
</source>
        <translation>Historial:
</translation>
    </message>
    <message>
        <source>not given yet</source>
        <translation>aún no indicada</translation>
    </message>
    <message>
        <source>not added yet</source>
        <translation>aún no añadido</translation>
    </message>
    <message>
        <source>no tracking page yet</source>
        <translation>aún no hay página de seguimiento</translation>
    </message>
    <message>
        <source> · loot {loot_id}</source>
        <translation> · botín {loot_id}</translation>
    </message>
</context>
<context>
    <name>OrderWorkController</name>
    <message>
        <source>shipping</source>
        <extracomment>what a claim is for (services/team.py), as the window says it (&quot;You are shipping this&quot;)</extracomment>
        <translation>enviando</translation>
    </message>
    <message>
        <source>Show only orders with this tag (or type tag:NAME)</source>
        <translation>Mostrar solo los pedidos con esta etiqueta (o escriba tag:NOMBRE)</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Team offline: claims wait until it is back.</source>
        <translation>Equipo sin conexión: las asignaciones esperan a que vuelva.</translation>
    </message>
    <message>
        <source>Nobody is working on this order.</source>
        <translation>Nadie está trabajando en este pedido.</translation>
    </message>
    <message>
        <source>You are</source>
        <translation>Usted está</translation>
    </message>
    <message>
        <source>is</source>
        <translation>está</translation>
    </message>
    <message>
        <source>%1 %2 this until %3.</source>
        <translation>%1 %2 este pedido hasta las %3.</translation>
    </message>
    <message>
        <source>Note added to %1.</source>
        <translation>Nota añadida a %1.</translation>
    </message>
    <message>
        <source>Tagged %1 #%2.</source>
        <translation>Etiquetado %1 con #%2.</translation>
    </message>
    <message>
        <source>Select an order to claim.</source>
        <translation>Seleccione un pedido para asignárselo.</translation>
    </message>
    <message>
        <source>Claims need team mode</source>
        <translation>Las asignaciones necesitan el modo equipo</translation>
    </message>
    <message>
        <source>Claims are shared through the team server; set it up in Settings.</source>
        <translation>Las asignaciones se comparten a través del servidor del equipo; configúrelo en Configuración.</translation>
    </message>
    <message>
        <source>%1 (%2) is %3 this order until %4. It stays theirs until they release it or the claim expires.</source>
        <translation>%1 (%2) está %3 este pedido hasta las %4. Sigue asignado a esa persona hasta que lo libere o caduque la asignación.</translation>
    </message>
    <message>
        <source>Order already claimed</source>
        <translation>Pedido ya asignado</translation>
    </message>
    <message>
        <source>You are %1 %2 until %3.</source>
        <translation>Está %1 %2 hasta las %3.</translation>
    </message>
    <message>
        <source>Released %1.</source>
        <translation>%1 liberado.</translation>
    </message>
    <message>
        <source>Select an order to see its history.</source>
        <translation>Seleccione un pedido para ver su historial.</translation>
    </message>
    <message>
        <source>History of %1</source>
        <translation>Historial de %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Seat</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>The team audit: every seat&apos;s actions on this order.</source>
        <translation>La auditoría del equipo: las acciones de cada puesto sobre este pedido.</translation>
    </message>
    <message>
        <source>This seat&apos;s history of the order (team mode shows every seat&apos;s).</source>
        <translation>El historial del pedido en este puesto (el modo equipo muestra el de todos los puestos).</translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <source>{0}: the list does not sort by this column.</source>
        <extracomment>one display name per provider (domain/vocabulary.py), kept under its old name for callers the count of the current view arrived (rowCount is now exact) a block of rows of the current view arrived and is shown (block number) blocks of the previous generation of the *same* view, shown while a refresh reads team mode: (provider, order id) -&gt; a marker before the order id (&quot;⚑ ana&quot;)</extracomment>
        <translation>{0}: la lista no se ordena por esta columna.</translation>
    </message>
    <message>
        <source>Click to sort by total, within each currency (totals in different currencies are never compared).</source>
        <translation>Haga clic para ordenar por total, dentro de cada moneda (nunca se comparan totales en monedas distintas).</translation>
    </message>
    <message>
        <source>Click to sort by {0}.</source>
        <translation>Haga clic para ordenar por {0}.</translation>
    </message>
    <message>
        <source>{explanation}
Provider status: {0}</source>
        <translation>{explanation}
Estado en el proveedor: {0}</translation>
    </message>
</context>
<context>
    <name>OrdersView</name>
    <message>
        <source>Search orders: id, product, player, reference…  (Ctrl+F)</source>
        <extracomment>the search runs on the reader thread and a newer one supersedes (interrupts) an older one, so there is nothing to save by waiting: 0 only coalesces changes made in one event-loop pass the order shown before a filter change or refresh: selected again (or the pane cleared when the new view hides it) once the reader has counted the new view</extracomment>
        <translation>Buscar pedidos: id., producto, jugador, referencia…  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation>Buscar pedidos</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>Proveedores</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Estados</translation>
    </message>
    <message>
        <source>All establishments</source>
        <translation>Establecimientos</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>to</source>
        <translation>hasta</translation>
    </message>
    <message>
        <source>Counting orders…</source>
        <translation>Contando pedidos…</translation>
    </message>
    <message>
        <source>Showing the {SEARCH_LIMIT} most recently synced matches; add words to narrow the search.</source>
        <translation>Se muestran las {SEARCH_LIMIT} coincidencias sincronizadas más recientes; añada palabras para acotar la búsqueda.</translation>
    </message>
    <message>
        <source>{count} order</source>
        <translation>{count} pedido</translation>
    </message>
    <message>
        <source>{count} orders</source>
        <translation>{count} pedidos</translation>
    </message>
    <message>
        <source>No order matches the search and filters.</source>
        <translation>Ningún pedido coincide con la búsqueda y los filtros.</translation>
    </message>
    <message>
        <source>No orders yet. Configure a provider in Settings…, or start with `fulfildesk --demo` to try the sandbox.</source>
        <translation>Aún no hay pedidos. Configure un proveedor en Configuración… o inicie con `fulfildesk --demo` para probar el entorno de demostración.</translation>
    </message>
    <message>
        <source>No orders cached yet. Refresh orders (F5) or buy keys (Ctrl+B).</source>
        <translation>Aún no hay pedidos en caché. Actualice los pedidos (F5) o compre claves (Ctrl+B).</translation>
    </message>
    <message>
        <source>Print slip…</source>
        <translation>Imprimir albarán…</translation>
    </message>
    <message>
        <source>Open tracking page</source>
        <translation>Abrir la página de seguimiento</translation>
    </message>
</context>
<context>
    <name>PlayerOrdersDialog</name>
    <message>
        <source>A player&apos;s inventory orders</source>
        <translation>Pedidos de inventario de un jugador</translation>
    </message>
    <message>
        <source>Fetch orders</source>
        <translation>Obtener pedidos</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation>Creado (UTC)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Entradas</translation>
    </message>
    <message>
        <source>Fetching…</source>
        <translation>Obteniendo…</translation>
    </message>
    <message>
        <source>{n_orders} order(s), newest first; double-click one to open it in the list. They are cached for offline use.</source>
        <translation>{n_orders} pedido(s), los más recientes primero; haga doble clic en uno para abrirlo en la lista. Se guardan en caché para usarlos sin conexión.</translation>
    </message>
</context>
<context>
    <name>ProductPicker</name>
    <message>
        <source>Loading products…</source>
        <translation>Cargando productos…</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Denomination</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Choose a product…</source>
        <translation>Elija un producto…</translation>
    </message>
    <message>
        <source>Products could not be loaded</source>
        <translation>No se pudieron cargar los productos</translation>
    </message>
    <message>
        <source>Enter the amount as a number, e.g. {example}.</source>
        <translation>Introduzca el importe como número, p. ej. {example}.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Choose a product first</source>
        <translation>Elija primero un producto</translation>
    </message>
    <message>
        <source>any whole amount from {low} to {high} {currency}</source>
        <translation>cualquier importe entero de {low} a {high} {currency}</translation>
    </message>
    <message>
        <source>Choose a product.</source>
        <translation>Elija un producto.</translation>
    </message>
    <message>
        <source>Choose a denomination.</source>
        <translation>Elija un valor.</translation>
    </message>
</context>
<context>
    <name>Profiles</name>
    <message>
        <source>Warehouse</source>
        <translation>Almacén</translation>
    </message>
    <message>
        <source>Store manager</source>
        <translation>Encargado de tienda</translation>
    </message>
    <message>
        <source>Key dispatcher</source>
        <translation>Despacho de claves</translation>
    </message>
    <message>
        <source>All (everything shown)</source>
        <translation>Todo (se muestra todo)</translation>
    </message>
    <message>
        <source>Over the profile&apos;s daily limit</source>
        <extracomment>docks (window attribute) -&gt; the profiles that show them (absent: every profile)</extracomment>
        <translation>Por encima del límite diario del perfil</translation>
    </message>
    <message>
        <source>Buy anyway? The installation&apos;s own daily limit still applies.</source>
        <translation>¿Comprar de todos modos? El límite diario de la instalación se sigue aplicando.</translation>
    </message>
    <message>
        <source>Buy anyway</source>
        <translation>Comprar de todos modos</translation>
    </message>
    <message>
        <source>Don&apos;t buy</source>
        <translation>No comprar</translation>
    </message>
</context>
<context>
    <name>ProviderBox</name>
    <message>
        <source>API generation</source>
        <translation>Generación de la API</translation>
    </message>
    <message>
        <source>https://…</source>
        <translation>https://…</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL base</translation>
    </message>
    <message>
        <source>users service URL (default: the base URL)</source>
        <translation>URL del servicio de usuarios (por defecto: la URL base)</translation>
    </message>
    <message>
        <source>Token URL</source>
        <translation>URL del token</translation>
    </message>
    <message>
        <source>Automatic (Basic for tpp_ keys)</source>
        <translation>Automático (Basic para claves tpp_)</translation>
    </message>
    <message>
        <source>HTTP Basic (recommended)</source>
        <translation>HTTP Basic (recomendado)</translation>
    </message>
    <message>
        <source>Bearer</source>
        <translation>Bearer</translation>
    </message>
    <message>
        <source>Send the key as</source>
        <translation>Enviar la clave como</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>guardado</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>sin definir</translation>
    </message>
    <message>
        <source>set by {0}</source>
        <translation>definido por {0}</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Probar conexión</translation>
    </message>
    <message>
        <source>Set by {name}</source>
        <translation>Definido por {name}</translation>
    </message>
</context>
<context>
    <name>PurchasesController</name>
    <message>
        <source>Resuming unfinished purchases…</source>
        <translation>Reanudando las compras pendientes…</translation>
    </message>
    <message>
        <source>{n_review} purchase(s) need review: see Purchases below.</source>
        <translation>{n_review} compra(s) requieren revisión: vea Compras abajo.</translation>
    </message>
    <message>
        <source>Resumed {n_outcomes} unfinished purchase(s).</source>
        <translation>Reanudada(s) {n_outcomes} compra(s) pendiente(s).</translation>
    </message>
    <message>
        <source>{n_outcomes} unfinished purchase(s) checked.</source>
        <translation>Comprobada(s) {n_outcomes} compra(s) pendiente(s).</translation>
    </message>
    <message>
        <source>No unfinished purchases.</source>
        <translation>No hay compras pendientes.</translation>
    </message>
    <message>
        <source>{0} is not configured.</source>
        <translation>{0} no está configurado.</translation>
    </message>
    <message>
        <source>the provider</source>
        <translation>el proveedor</translation>
    </message>
    <message>
        <source>not placed</source>
        <translation>no realizado</translation>
    </message>
    <message>
        <source> at {provider}</source>
        <translation> en {provider}</translation>
    </message>
    <message>
        <source>Dismiss purchase</source>
        <translation>Descartar la compra</translation>
    </message>
    <message>
        <source>Dismiss this purchase after review?

{body}

The console will stop tracking it. Nothing is bought or cancelled at {provider}. Only do this once you have checked the {provider} account.</source>
        <translation>¿Descartar esta compra tras revisarla?

{body}

La consola dejará de seguirla. No se compra ni se cancela nada en {provider}. Hágalo solo después de haber comprobado la cuenta de {provider}.</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Keep tracking it</source>
        <translation>Seguir controlándola</translation>
    </message>
</context>
<context>
    <name>PurchasesPanel</name>
    <message>
        <source>When (UTC)</source>
        <translation>Cuándo (UTC)</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Carry this purchase forward now</source>
        <translation>Continuar esta compra ahora</translation>
    </message>
    <message>
        <source>Dismiss after review…</source>
        <translation>Descartar tras revisar…</translation>
    </message>
    <message>
        <source>1 purchase</source>
        <translation>1 compra</translation>
    </message>
    <message>
        <source>{0} purchases</source>
        <translation>{0} compras</translation>
    </message>
    <message>
        <source>1 needs review</source>
        <translation>1 requiere revisión</translation>
    </message>
    <message>
        <source>{0} need review</source>
        <translation>{0} requieren revisión</translation>
    </message>
    <message>
        <source>{running} in progress</source>
        <translation>{running} en curso</translation>
    </message>
</context>
<context>
    <name>ReadyPage</name>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Press Finish: the demo opens in a second window, next to this console. Close it when you are done; nothing of it is kept here.</source>
        <translation>Pulse Finalizar: la demostración se abre en una segunda ventana, junto a esta consola. Ciérrela cuando termine; aquí no se guarda nada de ella.</translation>
    </message>
    <message>
        <source>Press Finish to start working. File &gt; Settings connects a provider at any time, and Help &gt; First-run guide… brings this guide back.</source>
        <translation>Pulse Finalizar para empezar a trabajar. En Archivo &gt; Configuración puede conectar un proveedor cuando quiera, y Ayuda &gt; Guía de primer uso… vuelve a abrir esta guía.</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>Reveal</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>{what} copied; the clipboard is cleared in 45 seconds.</source>
        <translation>{what}: copiado; el portapapeles se vacía en 45 segundos.</translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <source>Settings saved; they apply as soon as the running purchase has ended.</source>
        <extracomment>asked before the provider clients are rebuilt (set by the window: any purchase running?) settings saved while a purchase ran, applied once it has ended</extracomment>
        <translation>Configuración guardada; se aplica en cuanto termine la compra en curso.</translation>
    </message>
    <message>
        <source>Settings applied. Providers configured: {names}.</source>
        <translation>Configuración aplicada. Proveedores configurados: {names}.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <extracomment>emitted with the saved settings once Save has kept them emitted with each Test connection answer (for tests and the status bar)</extracomment>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Each provider needs its base URL and the credentials its API generation uses. Environment variables (FULFILDESK_&lt;NAME&gt;_URL, _TOKEN, _CLIENT_ID, …) override what is set here. Changes apply as soon as you save.</source>
        <translation>Cada proveedor necesita su URL base y las credenciales que usa su generación de API. Las variables de entorno (FULFILDESK_&lt;NOMBRE&gt;_URL, _TOKEN, _CLIENT_ID, …) prevalecen sobre lo que se indique aquí. Los cambios se aplican en cuanto se guardan.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>El idioma del sistema</translation>
    </message>
    <message>
        <source>(takes effect at the next start)</source>
        <translation>(se aplica en el próximo inicio)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Probando…</translation>
    </message>
</context>
<context>
    <name>ShippingQueue</name>
    <message>
        <source>New reservation…</source>
        <translation>Nueva reserva…</translation>
    </message>
    <message>
        <source>Player lookup…</source>
        <translation>Buscar jugador…</translation>
    </message>
    <message>
        <source>No physical goods orders yet. Use Player lookup… to fetch a player&apos;s orders (pick a known player or paste an id), or New reservation… to make one.</source>
        <translation>Aún no hay pedidos de productos físicos. Use Buscar jugador… para obtener los pedidos de un jugador (elija un jugador conocido o pegue un id.) o Nueva reserva… para hacer una.</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Player</source>
        <translation>Jugador</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Establishment</source>
        <translation>Establecimiento</translation>
    </message>
    <message>
        <source>Since (UTC)</source>
        <translation>Desde (UTC)</translation>
    </message>
    <message>
        <source>Player id: {0}</source>
        <translation>Id. de jugador: {0}</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menú</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Claves</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>How do you want to start?</source>
        <translation>¿Cómo quiere empezar?</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>Probar la demostración</translation>
    </message>
    <message>
        <source>Connect a provider</source>
        <translation>Conectar un proveedor</translation>
    </message>
    <message>
        <source>Neither for now: open the console</source>
        <translation>Ninguna por ahora: abrir la consola</translation>
    </message>
    <message>
        <source>Opens a second window on built-in sandbox providers with sample orders. Nothing real is bought; its data is kept apart from yours.</source>
        <translation>Abre una segunda ventana con proveedores de prueba integrados y pedidos de ejemplo. No se compra nada real; sus datos se guardan aparte de los suyos.</translation>
    </message>
    <message>
        <source>Enter a provider&apos;s address and credentials and test the connection before you save.</source>
        <translation>Introduzca la dirección y las credenciales de un proveedor y pruebe la conexión antes de guardar.</translation>
    </message>
    <message>
        <source>Everything can be set up later in File &gt; Settings.</source>
        <translation>Todo se puede configurar más tarde en Archivo &gt; Configuración.</translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message>
        <source>Latest message (opens the message log)</source>
        <translation>Último mensaje (abre el registro de mensajes)</translation>
    </message>
    <message>
        <source>

Click to open the message log.</source>
        <translation>

Haga clic para abrir el registro de mensajes.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Cancel sync</source>
        <translation>Cancelar la sincronización</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <source>Sync cancelled; what was fetched is kept, and the next sync continues from there.</source>
        <translation>Sincronización cancelada; lo obtenido se conserva y la próxima sincronización sigue desde ahí.</translation>
    </message>
    <message>
        <source>Synced {total} orders; not synced: {errors}</source>
        <translation>Sincronizados {total} pedidos; sin sincronizar: {errors}</translation>
    </message>
    <message>
        <source>Synced {total} orders from {n_reports} provider(s).</source>
        <translation>Sincronizados {total} pedidos de {n_reports} proveedor(es).</translation>
    </message>
    <message>
        <source>{provider}: last sync {when}</source>
        <translation>{provider}: última sincronización {when}</translation>
    </message>
    <message>
        <source> (last attempt failed: {0})</source>
        <translation> (el último intento falló: {0})</translation>
    </message>
    <message>
        <source>Export orders</source>
        <translation>Exportar pedidos</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write {path}: {strerror}</source>
        <translation>No se pudo escribir {path}: {strerror}</translation>
    </message>
    <message>
        <source>Exported {count} orders to {path}.</source>
        <translation>Exportados {count} pedidos a {path}.</translation>
    </message>
</context>
<context>
    <name>TeamController</name>
    <message>
        <source>Team: offline</source>
        <extracomment>(provider, order id) -&gt; the marker the order list shows</extracomment>
        <translation>Equipo: sin conexión</translation>
    </message>
    <message>
        <source>The team server cannot be reached.</source>
        <translation>No se puede contactar con el servidor del equipo.</translation>
    </message>
    <message>
        <source>Team: online · {others} claimed by others</source>
        <translation>Equipo: en línea · {others} asignados a otros</translation>
    </message>
    <message>
        <source>Seat {seat_id} ({operator})</source>
        <translation>Puesto {seat_id} ({operator})</translation>
    </message>
</context>
<context>
    <name>TextKeyCard</name>
    <message>
        <source>{0}  ·  text key{1}</source>
        <extracomment>a secret was shown or copied: action, detail (for the order&apos;s history)</extracomment>
        <translation>{0}  ·  clave de texto{1}</translation>
    </message>
    <message>
        <source>Key for {name}</source>
        <translation>Clave de {name}</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Key for {0} copied; the clipboard is cleared in 45 seconds.</source>
        <translation>Clave de {0} copiada; el portapapeles se vacía en 45 segundos.</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>To ship today</source>
        <translation>Para enviar hoy</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Necesita revisión</translation>
    </message>
    <message>
        <source>Failed this week</source>
        <translation>Fallidos esta semana</translation>
    </message>
    <message>
        <source>(built in)</source>
        <extracomment>the list of views was re-read a view was applied (its name)</extracomment>
        <translation>(predefinida)</translation>
    </message>
    <message>
        <source>Shared views unavailable: </source>
        <translation>Vistas compartidas no disponibles: </translation>
    </message>
    <message>
        <source>View: </source>
        <translation>Vista: </translation>
    </message>
    <message>
        <source>Save current view</source>
        <translation>Guardar la vista actual</translation>
    </message>
    <message>
        <source>Name of the view (filters, sort and search of the list):</source>
        <translation>Nombre de la vista (filtros, orden y búsqueda de la lista):</translation>
    </message>
    <message>
        <source>That name belongs to a built-in view.</source>
        <translation>Ese nombre pertenece a una vista predefinida.</translation>
    </message>
    <message>
        <source>View kept on this computer only: </source>
        <translation>Vista guardada solo en este equipo: </translation>
    </message>
</context>
<context>
    <name>ViewsPanel</name>
    <message>
        <source>Saved views</source>
        <translation>Vistas guardadas</translation>
    </message>
    <message>
        <source>Enter: show · Delete: forget · Ctrl+Alt+S: save the current</source>
        <translation>Intro: mostrar · Supr: olvidar · Ctrl+Alt+S: guardar la actual</translation>
    </message>
</context>
<context>
    <name>VoucherCard</name>
    <message>
        <source>{kind_label} voucher</source>
        <translation>Vale {kind_label}</translation>
    </message>
    <message>
        <source> · valid until {validity}</source>
        <translation> · válido hasta {validity}</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Enlace</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Voucher {0}</source>
        <translation>Vale: {0}</translation>
    </message>
    <message>
        <source>Voucher PIN</source>
        <translation>PIN del vale</translation>
    </message>
    <message>
        <source>Open link in browser</source>
        <translation>Abrir el enlace en el navegador</translation>
    </message>
    <message>
        <source>This voucher&apos;s link is not a web address; it was not opened.</source>
        <translation>El enlace de este vale no es una dirección web; no se ha abierto.</translation>
    </message>
</context>
<context>
    <name>VoucherDialog</name>
    <message>
        <source>Buy vouchers</source>
        <translation>Comprar vales</translation>
    </message>
    <message>
        <source>Vouchers are bought from Plum and charged to the Plum account. Each purchase gets its own PO number, so it is never paid twice, even if the answer is slow or lost.</source>
        <translation>Los vales se compran a Plum y se cargan a la cuenta de Plum. Cada compra tiene su propio número de PO, así que nunca se paga dos veces, aunque la respuesta tarde o se pierda.</translation>
    </message>
    <message>
        <source>receiver@example.com</source>
        <translation>destinatario@example.com</translation>
    </message>
    <message>
        <source>+1-5234567890 (needed for some products)</source>
        <translation>+1-5234567890 (necesario para algunos productos)</translation>
    </message>
    <message>
        <source>a note kept with the order</source>
        <translation>una nota que se guarda con el pedido</translation>
    </message>
    <message>
        <source>Plum emails the vouchers to the receiver</source>
        <translation>Plum envía los vales al destinatario por correo</translation>
    </message>
    <message>
        <source>Plum emails the order reference to the admin user</source>
        <translation>Plum envía la referencia del pedido al usuario administrador</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Receiver email</source>
        <translation>Correo del destinatario</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>Número de móvil</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Buy…</source>
        <translation>Comprar…</translation>
    </message>
    <message>
        <source>Buy for about {estimate} {ACCOUNT_CURRENCY}…</source>
        <translation>Comprar por unos {estimate} {ACCOUNT_CURRENCY}…</translation>
    </message>
    <message>
        <source>about {estimate} {ACCOUNT_CURRENCY}, charged to the Plum account</source>
        <translation>unos {estimate} {ACCOUNT_CURRENCY}, con cargo a la cuenta de Plum</translation>
    </message>
    <message>
        <source>no email (the vouchers are shown here)</source>
        <translation>sin correo (los vales se muestran aquí)</translation>
    </message>
    <message>
        <source>unknown (Plum gives no exchange rate for this currency right now)</source>
        <translation>desconocido (Plum no da ahora un tipo de cambio para esta moneda)</translation>
    </message>
    <message>
        <source>a new Plum order</source>
        <translation>un pedido nuevo de Plum</translation>
    </message>
    <message>
        <source>Confirm voucher purchase</source>
        <translation>Confirmar la compra de vales</translation>
    </message>
    <message>
        <source>Buy {quantity} × {product_name}?

{body}

{text}

Receiver: {receiver}</source>
        <translation>¿Comprar {quantity} × {product_name}?

{body}

{text}

Destinatario: {receiver}</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Comprar</translation>
    </message>
    <message>
        <source>Don&apos;t buy</source>
        <translation>No comprar</translation>
    </message>
    <message>
        <source>Close (keeps buying in the background)</source>
        <translation>Cerrar (la compra sigue en segundo plano)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>VoucherLookupDialog</name>
    <message>
        <source>Look up a voucher order</source>
        <translation>Consultar un pedido de vales</translation>
    </message>
    <message>
        <source>Plum order id</source>
        <translation>Id. de pedido de Plum</translation>
    </message>
    <message>
        <source>PO number</source>
        <translation>Número de PO</translation>
    </message>
    <message>
        <source>e.g. 1316578, or FD-…</source>
        <translation>p. ej. 1316578, o FD-…</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>Consultar</translation>
    </message>
    <message>
        <source>Email the vouchers to the receiver again</source>
        <translation>Volver a enviar los vales al destinatario por correo</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Enter a Plum order id or a PO number.</source>
        <translation>Introduzca un id. de pedido de Plum o un número de PO.</translation>
    </message>
    <message>
        <source>A Plum order id is a number. To search by the reference you placed the order with, choose &apos;PO number&apos;.</source>
        <translation>Un id. de pedido de Plum es un número. Para buscar por la referencia con la que hizo el pedido, elija &apos;Número de PO&apos;.</translation>
    </message>
    <message>
        <source>Looking it up at Plum…</source>
        <translation>Consultando en Plum…</translation>
    </message>
</context>
<context>
    <name>VoucherViewer</name>
    <message>
        <source>No vouchers stored for this order.</source>
        <translation>No hay vales guardados para este pedido.</translation>
    </message>
</context>
<context>
    <name>VouchersController</name>
    <message>
        <source>Plum not configured</source>
        <extracomment>set while a bulk issue runs; cleared = paused issue 14: the profile limit&apos;s own confirmation, while it is asked</extracomment>
        <translation>Plum sin configurar</translation>
    </message>
    <message>
        <source>Set the Plum URL and token in Settings first.</source>
        <translation>Indique primero la URL y el token de Plum en Configuración.</translation>
    </message>
    <message>
        <source>Recording the purchase…</source>
        <translation>Registrando la compra…</translation>
    </message>
    <message>
        <source>Bought {n_vouchers} voucher(s): Plum order {order_id}.</source>
        <translation>Comprado(s) {n_vouchers} vale(s): pedido de Plum {order_id}.</translation>
    </message>
    <message>
        <source>Could not resend order {order_id}: {0}</source>
        <translation>No se pudo reenviar el pedido {order_id}: {0}</translation>
    </message>
    <message>
        <source>Plum emailed the vouchers of order {order_id} to the receiver again.</source>
        <translation>Plum ha vuelto a enviar por correo los vales del pedido {order_id} al destinatario.</translation>
    </message>
</context>
<context>
    <name>WarehouseController</name>
    <message>
        <source>{action} failed: {0}</source>
        <extracomment>a form&apos;s pickers got the players, products and establishments the console knows transactions with a confirmed action under way (a second one is ignored) orders whose packing slip is being saved or printed (a second click is ignored)</extracomment>
        <translation>{action} falló: {0}</translation>
    </message>
    <message>
        <source>Reservation</source>
        <translation>Reserva</translation>
    </message>
    <message>
        <source>Reserved {product_name}: reference {reference}.</source>
        <translation>Reservado {product_name}: referencia {reference}.</translation>
    </message>
    <message>
        <source>Reservation failed: {message}</source>
        <translation>La reserva falló: {message}</translation>
    </message>
    <message>
        <source>Customer details: {0}</source>
        <translation>Datos del cliente: {0}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Customer details saved.</source>
        <translation>Datos del cliente guardados.</translation>
    </message>
    <message>
        <source>Ship {product_name} ({0})</source>
        <translation>Enviar {product_name} ({0})</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Envío</translation>
    </message>
    <message>
        <source>Shipped {product_name} to {recipient_name}.</source>
        <translation>Enviado {product_name} a {recipient_name}.</translation>
    </message>
    <message>
        <source>Tracking for {0}: {product_name}</source>
        <translation>Seguimiento de {0}: {product_name}</translation>
    </message>
    <message>
        <source>Tracking</source>
        <translation>Seguimiento</translation>
    </message>
    <message>
        <source>Tracking {0} saved for {1}.</source>
        <translation>Número de seguimiento {0} guardado para {1}.</translation>
    </message>
    <message>
        <source>Every shipped order has its tracking number.</source>
        <translation>Todos los pedidos enviados tienen su número de seguimiento.</translation>
    </message>
    <message>
        <source>{reference} (transaction {tx})</source>
        <translation>{reference} (transacción {tx})</translation>
    </message>
    <message>
        <source>not given by the provider</source>
        <translation>el proveedor no lo indica</translation>
    </message>
    <message>
        <source>Keep the order</source>
        <translation>Conservar el pedido</translation>
    </message>
    <message>
        <source>Mark delivered</source>
        <translation>Marcar como entregado</translation>
    </message>
    <message>
        <source>Mark this order as delivered?</source>
        <translation>¿Marcar este pedido como entregado?</translation>
    </message>
    <message>
        <source>The acquisition is completed at the provider, which may attribute rewards and update stock. It cannot be completed twice.</source>
        <translation>La adquisición se completa en el proveedor, que puede asignar recompensas y actualizar el stock. No se puede completar dos veces.</translation>
    </message>
    <message>
        <source>Cancel reservation</source>
        <translation>Cancelar la reserva</translation>
    </message>
    <message>
        <source>Cancel this reservation?</source>
        <translation>¿Cancelar esta reserva?</translation>
    </message>
    <message>
        <source>The reserved stock goes back to the establishment and the order can no longer be shipped. Nothing was paid, so nothing is refunded.</source>
        <translation>El stock reservado vuelve al establecimiento y el pedido ya no se puede enviar. No se pagó nada, así que no se reembolsa nada.</translation>
    </message>
    <message>
        <source>Cancel shipped order</source>
        <translation>Cancelar un pedido enviado</translation>
    </message>
    <message>
        <source>Cancel this shipped order?</source>
        <translation>¿Cancelar este pedido enviado?</translation>
    </message>
    <message>
        <source>• Cancel and refund: the acquisition is cancelled and the player is refunded the order&apos;s value.
• Cancel without refund: the acquisition is cancelled and no money is returned.

The stock is released either way. This cannot be undone.</source>
        <translation>• Cancelar y reembolsar: se cancela la adquisición y se reembolsa al jugador el importe del pedido.
• Cancelar sin reembolso: se cancela la adquisición y no se devuelve dinero.

En ambos casos se libera el stock. No se puede deshacer.</translation>
    </message>
    <message>
        <source>Cancel and refund</source>
        <translation>Cancelar y reembolsar</translation>
    </message>
    <message>
        <source>Cancel without refund</source>
        <translation>Cancelar sin reembolso</translation>
    </message>
    <message>
        <source>Marking delivered</source>
        <translation>Marcando como entregado</translation>
    </message>
    <message>
        <source>Cancelling</source>
        <translation>Cancelando</translation>
    </message>
    <message>
        <source>Refunding</source>
        <translation>Reembolsando</translation>
    </message>
    <message>
        <source>Save packing slip</source>
        <translation>Guardar el albarán</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Making the packing slip…</source>
        <translation>Preparando el albarán…</translation>
    </message>
    <message>
        <source>Packing slip saved to {target}.</source>
        <translation>Albarán guardado en {target}.</translation>
    </message>
    <message>
        <source>Packing slip not printed: {0}</source>
        <translation>Albarán no impreso: {0}</translation>
    </message>
    <message>
        <source>Packing slip sent to the printer.</source>
        <translation>Albarán enviado a la impresora.</translation>
    </message>
    <message>
        <source>The packing slip of this order is still being made.</source>
        <translation>El albarán de este pedido aún se está preparando.</translation>
    </message>
    <message>
        <source>Lookup</source>
        <translation>Búsqueda</translation>
    </message>
    <message>
        <source>{n_shipments} order(s) of player {0} cached.</source>
        <translation>{n_shipments} pedido(s) del jugador {0} en caché.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to Fulfilment Desk</source>
        <translation>Bienvenido a Fulfilment Desk</translation>
    </message>
    <message>
        <source>Fulfil what players order: game keys, vouchers, physical goods and in-game items. Two questions, then you can start.</source>
        <translation>Prepare lo que piden los jugadores: claves de juego, vales, productos físicos y objetos del juego. Dos preguntas y puede empezar.</translation>
    </message>
    <message>
        <source>e.g. Ana García</source>
        <translation>p. ej. Ana García</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Su nombre</translation>
    </message>
    <message>
        <source>What you do</source>
        <translation>Su trabajo</translation>
    </message>
    <message>
        <source>Your name is written in the history of every order you work on. The profile chooses the menus the window shows and the spending limits; change it in File &gt; Operator and profile.</source>
        <translation>Su nombre queda escrito en el historial de cada pedido que trabaje. El perfil elige los menús que muestra la ventana y los límites de gasto; cámbielo en Archivo &gt; Operador y perfil.</translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <source>&amp;File</source>
        <extracomment>issue 14: the profiles that show it (services/profiles.py); () = every profile</extracomment>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation>&amp;Claves</translation>
    </message>
    <message>
        <source>&amp;Vouchers</source>
        <translation>&amp;Vales</translation>
    </message>
    <message>
        <source>&amp;Inventory</source>
        <translation>&amp;Inventario</translation>
    </message>
    <message>
        <source>&amp;Warehouse</source>
        <translation>Al&amp;macén</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>V&amp;er</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>Refresh orders</source>
        <translation>Actualizar pedidos</translation>
    </message>
    <message>
        <source>Fetch the latest orders from the providers (F5)</source>
        <translation>Obtener los últimos pedidos de los proveedores (F5)</translation>
    </message>
    <message>
        <source>Full sync (fetch everything again)</source>
        <translation>Sincronización completa (volver a obtenerlo todo)</translation>
    </message>
    <message>
        <source>Export view to CSV…</source>
        <translation>Exportar la vista a CSV…</translation>
    </message>
    <message>
        <source>Resume purchases</source>
        <translation>Reanudar compras</translation>
    </message>
    <message>
        <source>Carry every unfinished purchase forward now</source>
        <translation>Continuar ahora todas las compras pendientes</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Every success and error of this session, with time and provider (Ctrl+Shift+M)</source>
        <translation>Todos los aciertos y errores de esta sesión, con hora y proveedor (Ctrl+Mayús+M)</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Configuración…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Buy keys…</source>
        <translation>Comprar claves…</translation>
    </message>
    <message>
        <source>Buy game keys from Kinguin (Ctrl+B)</source>
        <translation>Comprar claves de juego a Kinguin (Ctrl+B)</translation>
    </message>
    <message>
        <source>Search Kinguin orders…</source>
        <translation>Buscar pedidos de Kinguin…</translation>
    </message>
    <message>
        <source>Buy vouchers…</source>
        <translation>Comprar vales…</translation>
    </message>
    <message>
        <source>Buy Plum vouchers (Ctrl+Shift+V)</source>
        <translation>Comprar vales de Plum (Ctrl+Mayús+V)</translation>
    </message>
    <message>
        <source>Look up voucher order…</source>
        <translation>Consultar pedido de vales…</translation>
    </message>
    <message>
        <source>Bulk issue vouchers…</source>
        <translation>Emisión masiva de vales…</translation>
    </message>
    <message>
        <source>Inventory order…</source>
        <translation>Pedido de inventario…</translation>
    </message>
    <message>
        <source>Grant or sell in-game items to a player (Ctrl+I)</source>
        <translation>Conceder o vender objetos del juego a un jugador (Ctrl+I)</translation>
    </message>
    <message>
        <source>Player&apos;s inventory orders…</source>
        <translation>Pedidos de inventario del jugador…</translation>
    </message>
    <message>
        <source>New reservation…</source>
        <translation>Nueva reserva…</translation>
    </message>
    <message>
        <source>Player lookup…</source>
        <translation>Buscar jugador…</translation>
    </message>
    <message>
        <source>Shipping queue</source>
        <translation>Cola de envíos</translation>
    </message>
    <message>
        <source>Operator and profile…</source>
        <translation>Operador y perfil…</translation>
    </message>
    <message>
        <source>Who works at this console and which profile the window shows</source>
        <translation>Quién trabaja en esta consola y qué perfil muestra la ventana</translation>
    </message>
    <message>
        <source>Command palette…</source>
        <translation>Paleta de comandos…</translation>
    </message>
    <message>
        <source>Save current view…</source>
        <translation>Guardar la vista actual…</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>Vistas guardadas</translation>
    </message>
    <message>
        <source>Provider health</source>
        <translation>Estado de los proveedores</translation>
    </message>
    <message>
        <source>Ship selected orders…</source>
        <translation>Enviar los pedidos seleccionados…</translation>
    </message>
    <message>
        <source>Add tracking to selected…</source>
        <translation>Añadir seguimiento a los seleccionados…</translation>
    </message>
    <message>
        <source>Mark selected delivered…</source>
        <translation>Marcar los seleccionados como entregados…</translation>
    </message>
    <message>
        <source>Packing slips for selected…</source>
        <translation>Albaranes de los seleccionados…</translation>
    </message>
    <message>
        <source>Cancel selected reservations…</source>
        <translation>Cancelar las reservas seleccionadas…</translation>
    </message>
    <message>
        <source>Claim selected order</source>
        <translation>Asignarme el pedido seleccionado</translation>
    </message>
    <message>
        <source>Tell the other seats you are working on this order (team mode)</source>
        <translation>Avisar a los demás puestos de que trabaja en este pedido (modo equipo)</translation>
    </message>
    <message>
        <source>Release claim</source>
        <translation>Liberar la asignación</translation>
    </message>
    <message>
        <source>Order history…</source>
        <translation>Historial del pedido…</translation>
    </message>
    <message>
        <source>Find orders</source>
        <translation>Buscar pedidos</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>First-run guide…</source>
        <translation>Guía de primer uso…</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir la carpeta del registro</translation>
    </message>
    <message>
        <source>Show the folder with fulfildesk.log in the file manager</source>
        <translation>Mostrar en el gestor de archivos la carpeta con fulfildesk.log</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>Abrir la carpeta de datos</translation>
    </message>
    <message>
        <source>Show the folder with the journal, the order cache and the settings</source>
        <translation>Mostrar la carpeta con el diario, la caché de pedidos y la configuración</translation>
    </message>
    <message>
        <source>About Fulfilment Desk</source>
        <translation>Acerca de Fulfilment Desk</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>The purchase journal is damaged</source>
        <translation>El diario de compras está dañado</translation>
    </message>
    <message>
        <source>The disk is full</source>
        <translation>El disco está lleno</translation>
    </message>
</context>
<context>
    <name>bulk</name>
    <message>
        <source>Ship</source>
        <extracomment>the actions&apos; names (services/bulk.py ACTIONS) and the results&apos; states, for the window</extracomment>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Add tracking</source>
        <translation>Añadir seguimiento</translation>
    </message>
    <message>
        <source>Mark delivered</source>
        <translation>Marcar como entregado</translation>
    </message>
    <message>
        <source>Cancel reservation</source>
        <translation>Cancelar la reserva</translation>
    </message>
    <message>
        <source>Packing slip</source>
        <translation>Albarán</translation>
    </message>
    <message>
        <source>done</source>
        <translation>hecho</translation>
    </message>
    <message>
        <source>already done</source>
        <translation>ya hecho</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>omitido</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
</context>
<context>
    <name>buy_keys</name>
    <message>
        <source>Enter the most you will pay per key, for example 3.59.</source>
        <extracomment>Kinguin sells at most this many keys of one product per order (the live API&apos;s limit)</extracomment>
        <translation>Introduzca lo máximo que pagará por clave, por ejemplo 3,59.</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a price; write it like 3.59.</source>
        <translation>&apos;{text}&apos; no es un precio; escríbalo como 3,59.</translation>
    </message>
    <message>
        <source>The price must be more than 0.</source>
        <translation>El precio debe ser mayor que 0.</translation>
    </message>
    <message>
        <source>The price must be at most {MAX_PRICE} {CURRENCY} per key.</source>
        <translation>El precio debe ser como máximo {MAX_PRICE} {CURRENCY} por clave.</translation>
    </message>
    <message>
        <source>Use at most two decimals (cents).</source>
        <translation>Use como máximo dos decimales (céntimos).</translation>
    </message>
    <message>
        <source>Enter the Kinguin product id, for example 5.</source>
        <translation>Introduzca el id. de producto de Kinguin, por ejemplo 5.</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a product id; it is a whole number such as 5.</source>
        <translation>&apos;{text}&apos; no es un id. de producto; es un número entero como 5.</translation>
    </message>
    <message>
        <source>That product id is too large.</source>
        <translation>Ese id. de producto es demasiado grande.</translation>
    </message>
</context>
<context>
    <name>confirm</name>
    <message>
        <source>Order: {order}</source>
        <translation>Pedido: {order}</translation>
    </message>
    <message>
        <source>Items: {items}</source>
        <translation>Artículos: {items}</translation>
    </message>
    <message>
        <source>Amount: {amount}</source>
        <translation>Importe: {amount}</translation>
    </message>
    <message>
        <source>Player: {who}</source>
        <translation>Jugador: {who}</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>{APP_NAME} error report, {0:%Y-%m-%d %H:%M:%S} UTC</source>
        <extracomment>errors after which the interpreter itself may be unsound: the dialog advises quitting how many reports the details keep while the dialog is open (the log has them all)</extracomment>
        <translation>Informe de error de {APP_NAME}, {0:%Y-%m-%d %H:%M:%S} UTC</translation>
    </message>
    <message>
        <source>Where: {0}</source>
        <translation>Dónde: {0}</translation>
    </message>
    <message>
        <source>The computer ran out of memory</source>
        <translation>El equipo se quedó sin memoria</translation>
    </message>
    <message>
        <source>A file or folder could not be opened: permission denied</source>
        <translation>No se pudo abrir un archivo o carpeta: permiso denegado</translation>
    </message>
    <message>
        <source>A file or folder the console needs is missing</source>
        <translation>Falta un archivo o carpeta que la consola necesita</translation>
    </message>
    <message>
        <source>Something took too long to answer</source>
        <translation>Algo tardó demasiado en responder</translation>
    </message>
    <message>
        <source>A network connection failed</source>
        <translation>Falló una conexión de red</translation>
    </message>
    <message>
        <source>The system refused an operation</source>
        <translation>El sistema rechazó una operación</translation>
    </message>
    <message>
        <source>The console met a value it did not expect</source>
        <translation>La consola encontró un valor que no esperaba</translation>
    </message>
    <message>
        <source>The console looked for something that was not there</source>
        <translation>La consola buscó algo que no estaba</translation>
    </message>
    <message>
        <source>The console hit an unexpected problem</source>
        <translation>La consola tuvo un problema inesperado</translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>PySide6</source>
        <translation>PySide6</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Sistema</translation>
    </message>
    <message>
        <source>see the package</source>
        <translation>ver el paquete</translation>
    </message>
    <message>
        <source>Anywhere in the window</source>
        <translation>En cualquier lugar de la ventana</translation>
    </message>
    <message>
        <source>No file manager could be opened. The folder is:
%1</source>
        <translation>No se pudo abrir ningún gestor de archivos. La carpeta es:
%1</translation>
    </message>
</context>
<context>
    <name>images</name>
    <message>
        <source>Unsupported key type &apos;{content_type}&apos;: only PNG, JPEG and GIF images are shown.</source>
        <translation>Tipo de clave no admitido &apos;{content_type}&apos;: solo se muestran imágenes PNG, JPEG y GIF.</translation>
    </message>
    <message>
        <source>The image is too large to show safely ({0} KB of data).</source>
        <translation>La imagen es demasiado grande para mostrarla con seguridad ({0} KB de datos).</translation>
    </message>
    <message>
        <source>The image data is damaged (not valid base64).</source>
        <translation>Los datos de la imagen están dañados (base64 no válido).</translation>
    </message>
    <message>
        <source>The image data is damaged or not an image.</source>
        <translation>Los datos de la imagen están dañados o no son una imagen.</translation>
    </message>
    <message>
        <source>The key says it is {content_type} but the data is {0}; it is not shown.</source>
        <translation>La clave dice ser {content_type}, pero los datos son {0}; no se muestra.</translation>
    </message>
    <message>
        <source>The image data is damaged (no readable size).</source>
        <translation>Los datos de la imagen están dañados (tamaño ilegible).</translation>
    </message>
    <message>
        <source>The image is too large to show safely ({0} × {1} pixels).</source>
        <translation>La imagen es demasiado grande para mostrarla con seguridad ({0} × {1} píxeles).</translation>
    </message>
    <message>
        <source>The image could not be decoded: {0}</source>
        <translation>No se pudo descodificar la imagen: {0}</translation>
    </message>
</context>
<context>
    <name>inventory</name>
    <message>
        <source>set to</source>
        <translation>fijar en</translation>
    </message>
    <message>
        <source>require at least</source>
        <translation>exigir al menos</translation>
    </message>
    <message>
        <source>require fewer than</source>
        <translation>exigir menos de</translation>
    </message>
    <message>
        <source>require and take</source>
        <translation>exigir y retirar</translation>
    </message>
    <message>
        <source>Entry type</source>
        <translation>Tipo de entrada</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Cant.</translation>
    </message>
    <message>
        <source>Loot id</source>
        <translation>Id. de botín</translation>
    </message>
    <message>
        <source>Price item</source>
        <translation>Objeto de pago</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Promotion code</source>
        <translation>Código promocional</translation>
    </message>
    <message>
        <source>Item id</source>
        <translation>Id. de objeto</translation>
    </message>
    <message>
        <source>Inventory id</source>
        <translation>Id. de inventario</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>Oro</translation>
    </message>
    <message>
        <source>Gems</source>
        <translation>Gemas</translation>
    </message>
    <message>
        <source>player UUID, e.g. 0b7e6c52-3f1a-4c1e-9a55-2f6b1d2c9e10</source>
        <translation>UUID del jugador, p. ej. 0b7e6c52-3f1a-4c1e-9a55-2f6b1d2c9e10</translation>
    </message>
    <message>
        <source>Player UUID</source>
        <translation>UUID del jugador</translation>
    </message>
    <message>
        <source>player id, e.g. 7</source>
        <translation>id. de jugador, p. ej. 7</translation>
    </message>
    <message>
        <source>Player id</source>
        <translation>Id. de jugador</translation>
    </message>
    <message>
        <source>item</source>
        <translation>objeto</translation>
    </message>
    <message>
        <source>{name} (item {item_id})</source>
        <translation>{name} (objeto {item_id})</translation>
    </message>
    <message>
        <source>item {item_id}</source>
        <translation>objeto {item_id}</translation>
    </message>
    <message>
        <source> (loot {loot_id})</source>
        <translation> (botín {loot_id})</translation>
    </message>
    <message>
        <source>the player pays </source>
        <translation>el jugador paga </translation>
    </message>
    <message>
        <source>nothing is charged</source>
        <translation>no se cobra nada</translation>
    </message>
    <message>
        <source>all or nothing</source>
        <translation>todo o nada</translation>
    </message>
    <message>
        <source>each entry on its own</source>
        <translation>cada entrada por separado</translation>
    </message>
    <message>
        <source>new order for player {player_id}, source {0}, {all_or_nothing}</source>
        <translation>pedido nuevo para el jugador {player_id}, origen {0}, {all_or_nothing}</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
</context>
<context>
    <name>orders</name>
    <message>
        <source>Provider</source>
        <extracomment>the columns a click on the header sorts by (each backed by an index)</extracomment>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Created (UTC)</source>
        <translation>Creado (UTC)</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Productos</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Player</source>
        <translation>Jugador</translation>
    </message>
</context>
<context>
    <name>packing_slip</name>
    <message>
        <source>PACKING SLIP</source>
        <translation>ALBARÁN</translation>
    </message>
    <message>
        <source>Reference: {reference}</source>
        <translation>Referencia: {reference}</translation>
    </message>
    <message>
        <source>Transaction: {transaction_id}</source>
        <translation>Transacción: {transaction_id}</translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation>Enviar a</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Contenido</translation>
    </message>
    <message>
        <source>From: {establishment}</source>
        <translation>Desde: {establishment}</translation>
    </message>
    <message>
        <source>Tracking: {tracking_number}</source>
        <translation>Seguimiento: {tracking_number}</translation>
    </message>
    <message>
        <source>Packing slip</source>
        <translation>Albarán</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>el disco está lleno</translation>
    </message>
    <message>
        <source>no permission to write there</source>
        <translation>no hay permiso para escribir ahí</translation>
    </message>
    <message>
        <source>the folder does not exist</source>
        <translation>la carpeta no existe</translation>
    </message>
    <message>
        <source>Packing slips not saved to {path}: {reason}.</source>
        <translation>Albaranes no guardados en {path}: {reason}.</translation>
    </message>
</context>
<context>
    <name>purchases</name>
    <message>
        <source>Recorded</source>
        <translation>Registrada</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>Resultado desconocido</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>Realizada</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>Expedida</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completado</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Requiere revisión</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>Descartada</translation>
    </message>
    <message>
        <source>product {0}</source>
        <translation>producto {0}</translation>
    </message>
    <message>
        <source> for {0}</source>
        <translation> para {0}</translation>
    </message>
    <message>
        <source>{0} × {1} {name} voucher{to} (PO {2})</source>
        <translation>{0} × vale {name} de {1}{to} (PO {2})</translation>
    </message>
    <message>
        <source>1 entry for player {0} (order {1})</source>
        <translation>1 entrada para el jugador {0} (pedido {1})</translation>
    </message>
    <message>
        <source>{count} entries for player {0} (order {1})</source>
        <translation>{count} entradas para el jugador {0} (pedido {1})</translation>
    </message>
    <message>
        <source>Bulk {0}: {1}</source>
        <translation>En bloque, {0}: {1}</translation>
    </message>
    <message>
        <source>at most {total} EUR</source>
        <translation>como máximo {total} EUR</translation>
    </message>
    <message>
        <source>{0} × {1} face value</source>
        <translation>{0} × {1} de valor nominal</translation>
    </message>
</context>
<context>
    <name>service_texts</name>
    <message>
        <source>recipient&apos;s name</source>
        <extracomment>the words some messages name a field with (&quot;Enter the {what}.&quot;)</extracomment>
        <translation>el nombre del destinatario</translation>
    </message>
    <message>
        <source>address line</source>
        <translation>la dirección</translation>
    </message>
    <message>
        <source>city</source>
        <translation>la ciudad</translation>
    </message>
    <message>
        <source>product id</source>
        <translation>el id. de producto</translation>
    </message>
    <message>
        <source>establishment id</source>
        <translation>el id. de establecimiento</translation>
    </message>
    <message>
        <source>postal code</source>
        <translation>el código postal</translation>
    </message>
    <message>
        <source>waiting to be shipped</source>
        <extracomment>the stages an order can be in, as services/bulk.py words them (&quot;the order is {stage}&quot;)</extracomment>
        <translation>pendiente de envío</translation>
    </message>
    <message>
        <source>shipped, without tracking</source>
        <translation>enviado, sin número de seguimiento</translation>
    </message>
    <message>
        <source>in transit</source>
        <translation>en tránsito</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>entregado</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>reembolsado</translation>
    </message>
    <message>
        <source>Connected to Kinguin: it accepted the API key.</source>
        <extracomment>templates whose {0} is a list of field checks, lowercased and joined with &quot;, &quot; (pattern of the English message, its template): {0}, {1}... are the captured values</extracomment>
        <translation>Conectado a Kinguin: ha aceptado la clave de API.</translation>
    </message>
    <message>
        <source>Connected to Plum: the account balance is {0}.</source>
        <translation>Conectado a Plum: el saldo de la cuenta es {0}.</translation>
    </message>
    <message>
        <source>Connected to the physical goods provider: it accepted the API key sent as {0}.</source>
        <translation>Conectado al proveedor de productos físicos: ha aceptado la clave de API enviada como {0}.</translation>
    </message>
    <message>
        <source>Connected to the inventory provider with the client id and secret (tokens are requested and renewed automatically); API {0} (players by UUID).</source>
        <translation>Conectado al proveedor de inventario con el id. y el secreto de cliente (los tokens se solicitan y renuevan solos); API {0} (jugadores por UUID).</translation>
    </message>
    <message>
        <source>Connected to the inventory provider with the bearer token; API {0} (players by {1}).</source>
        <translation>Conectado al proveedor de inventario con el token bearer; API {0} (jugadores por {1}).</translation>
    </message>
    <message>
        <source>The access token renews itself with the refresh token.</source>
        <translation>El token de acceso se renueva solo con el token de renovación.</translation>
    </message>
    <message>
        <source>The refresh token is valid until {0} UTC (each use extends it).</source>
        <translation>El token de renovación es válido hasta el {0} UTC (cada uso lo prolonga).</translation>
    </message>
    <message>
        <source>Not tested: {0}</source>
        <translation>Sin probar: {0}</translation>
    </message>
    <message>
        <source>Not working: {0}</source>
        <translation>No funciona: {0}</translation>
    </message>
    <message>
        <source>Enter the provider&apos;s base URL.</source>
        <translation>Introduzca la URL base del proveedor.</translation>
    </message>
    <message>
        <source>Enter the API key.</source>
        <translation>Introduzca la clave de API.</translation>
    </message>
    <message>
        <source>Enter the client id and client secret (or a static bearer token).</source>
        <translation>Introduzca el id. y el secreto de cliente (o un token bearer fijo).</translation>
    </message>
    <message>
        <source>{0} of 1 key delivered</source>
        <translation>{0} de 1 clave entregada</translation>
    </message>
    <message>
        <source>{0} of {1} keys delivered</source>
        <translation>{0} de {1} claves entregadas</translation>
    </message>
    <message>
        <source>1 key delivered</source>
        <translation>1 clave entregada</translation>
    </message>
    <message>
        <source>{0} keys delivered</source>
        <translation>{0} claves entregadas</translation>
    </message>
    <message>
        <source>Enter the player&apos;s id (letters, digits and dashes).</source>
        <translation>Introduzca el id. del jugador (letras, cifras y guiones).</translation>
    </message>
    <message>
        <source>Enter the product id.</source>
        <translation>Introduzca el id. de producto.</translation>
    </message>
    <message>
        <source>Enter the establishment id.</source>
        <translation>Introduzca el id. de establecimiento.</translation>
    </message>
    <message>
        <source>Reserve 1 to 50 units.</source>
        <translation>Reserve de 1 a 50 unidades.</translation>
    </message>
    <message>
        <source>Change at least one detail.</source>
        <translation>Cambie al menos un dato.</translation>
    </message>
    <message>
        <source>Scan or type the tracking number.</source>
        <translation>Escanee o escriba el número de seguimiento.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a tracking number: 5 to 40 letters, digits or dashes.</source>
        <translation>&apos;{0}&apos; no es un número de seguimiento: de 5 a 40 letras, cifras o guiones.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not an email address such as name@example.com.</source>
        <translation>&apos;{0}&apos; no es una dirección de correo como nombre@example.com.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid postal code for {1}.</source>
        <translation>&apos;{0}&apos; no es un código postal válido para {1}.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid postal code.</source>
        <translation>&apos;{0}&apos; no es un código postal válido.</translation>
    </message>
    <message>
        <source>Enter the postal code.</source>
        <translation>Introduzca el código postal.</translation>
    </message>
    <message>
        <source>Choose the country.</source>
        <translation>Elija el país.</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not an ISO 3166 country.</source>
        <translation>&apos;{0}&apos; no es un país ISO 3166.</translation>
    </message>
    <message>
        <source>not a warehouse order in the cache</source>
        <translation>no es un pedido del almacén guardado en la caché</translation>
    </message>
    <message>
        <source>{0} is handling this order</source>
        <translation>{0} está trabajando en este pedido</translation>
    </message>
    <message>
        <source>the order is {0}</source>
        <translation>el pedido está {0}</translation>
    </message>
    <message>
        <source>no complete address on the order: {0}; ship it on its own with Ship…</source>
        <translation>el pedido no tiene la dirección completa: {0}; envíelo por separado con Enviar…</translation>
    </message>
    <message>
        <source>ship to {0} (the address on the order)</source>
        <translation>enviar a {0} (la dirección del pedido)</translation>
    </message>
    <message>
        <source>no tracking number given</source>
        <translation>no se indica número de seguimiento</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a tracking number: 5 to 40 letters, digits or dashes</source>
        <translation>&apos;{0}&apos; no es un número de seguimiento: de 5 a 40 letras, cifras o guiones</translation>
    </message>
    <message>
        <source>tracking number {0} is also given for {1}</source>
        <translation>el número de seguimiento {0} también se indica para {1}</translation>
    </message>
    <message>
        <source>already has tracking {0}</source>
        <translation>ya tiene el número de seguimiento {0}</translation>
    </message>
    <message>
        <source>add tracking {0} (replaces {1})</source>
        <translation>añadir el número de seguimiento {0} (sustituye a {1})</translation>
    </message>
    <message>
        <source>add tracking {0}</source>
        <translation>añadir el número de seguimiento {0}</translation>
    </message>
    <message>
        <source>mark delivered</source>
        <translation>marcar como entregado</translation>
    </message>
    <message>
        <source>cancel the reservation (the stock is released)</source>
        <translation>cancelar la reserva (se libera el stock)</translation>
    </message>
    <message>
        <source>one page in the slips PDF</source>
        <translation>una página en el PDF de albaranes</translation>
    </message>
    <message>
        <source>Shipped: {0} (found done at the provider)</source>
        <translation>Enviado a {0} (ya estaba hecho en el proveedor)</translation>
    </message>
    <message>
        <source>Shipped: {0}</source>
        <translation>Enviado a {0}</translation>
    </message>
    <message>
        <source>Tracking added: {0} (found done at the provider)</source>
        <translation>Número de seguimiento añadido: {0} (ya estaba hecho en el proveedor)</translation>
    </message>
    <message>
        <source>Tracking added: {0}</source>
        <translation>Número de seguimiento añadido: {0}</translation>
    </message>
    <message>
        <source>Acquisition completed (found done at the provider)</source>
        <translation>Adquisición completada (ya estaba hecha en el proveedor)</translation>
    </message>
    <message>
        <source>Acquisition completed</source>
        <translation>Adquisición completada</translation>
    </message>
    <message>
        <source>Reservation cancelled: stock released (found done at the provider)</source>
        <translation>Reserva cancelada: stock liberado (ya estaba hecho en el proveedor)</translation>
    </message>
    <message>
        <source>Reservation cancelled: stock released</source>
        <translation>Reserva cancelada: stock liberado</translation>
    </message>
    <message>
        <source>Not finished: it is resumed and nothing is sent twice.</source>
        <translation>Sin terminar: se reanuda y no se envía nada dos veces.</translation>
    </message>
    <message>
        <source>Cancelled before it was sent; nothing was done to this order.</source>
        <translation>Cancelado antes de enviarse; no se hizo nada con este pedido.</translation>
    </message>
    <message>
        <source>The order is now {0}; nothing was sent.</source>
        <translation>El pedido está ahora {0}; no se envió nada.</translation>
    </message>
    <message>
        <source>Could not read the order back ({0}); it is checked again later and nothing is sent twice.</source>
        <translation>No se pudo volver a leer el pedido ({0}); se comprueba de nuevo más tarde y no se envía nada dos veces.</translation>
    </message>
    <message>
        <source>Enter the {0}.</source>
        <translation>Introduzca {0}.</translation>
    </message>
    <message>
        <source>The {0} is longer than {1} characters.</source>
        <translation>Demasiado largo ({0}): más de {1} caracteres.</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>API key</source>
        <extracomment>the secret fields each provider uses, with their labels</extracomment>
        <translation>Clave de API</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Id. de cliente</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Secreto de cliente</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Token de renovación</translation>
    </message>
    <message>
        <source>Access token (optional)</source>
        <translation>Token de acceso (opcional)</translation>
    </message>
    <message>
        <source>Static bearer token</source>
        <translation>Token bearer fijo</translation>
    </message>
    <message>
        <source>API key (tpp_…)</source>
        <translation>Clave de API (tpp_…)</translation>
    </message>
    <message>
        <source>From the Xoxoday Plum Pro dashboard: the client id, client secret and refresh token. The console renews the access token itself and saves each new refresh token before using it.</source>
        <translation>Del panel de Xoxoday Plum Pro: el id. de cliente, el secreto de cliente y el token de renovación. La consola renueva sola el token de acceso y guarda cada token de renovación nuevo antes de usarlo.</translation>
    </message>
    <message>
        <source>Client id and secret (tokens are requested from the users service and renewed), or a static bearer token. v2 names players by UUID; v1 (deprecated by the provider) by number.</source>
        <translation>Id. y secreto de cliente (los tokens se piden al servicio de usuarios y se renuevan) o un token bearer fijo. La v2 identifica a los jugadores por UUID; la v1 (obsoleta para el proveedor), por número.</translation>
    </message>
    <message>
        <source>The tpp_live_… or tpp_staging_… key. Creating a new key in the provider&apos;s dashboard revokes the previous one.</source>
        <translation>La clave tpp_live_… o tpp_staging_…. Crear una clave nueva en el panel del proveedor revoca la anterior.</translation>
    </message>
</context>
<context>
    <name>vocabulary</name>
    <message>
        <source>Kinguin</source>
        <translation>Kinguin</translation>
    </message>
    <message>
        <source>Plum</source>
        <translation>Plum</translation>
    </message>
    <message>
        <source>Physical goods</source>
        <translation>Productos físicos</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>Inventario</translation>
    </message>
    <message>
        <source>game keys</source>
        <translation>claves de juego</translation>
    </message>
    <message>
        <source>vouchers</source>
        <translation>vales</translation>
    </message>
    <message>
        <source>physical goods</source>
        <translation>productos físicos</translation>
    </message>
    <message>
        <source>in-game items</source>
        <translation>objetos del juego</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reservado</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>En proceso</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Reembolsado</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>Sin stock</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Requiere revisión</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
    <message>
        <source>Grant loot</source>
        <translation>Conceder botín</translation>
    </message>
    <message>
        <source>Sell loot (player pays)</source>
        <translation>Vender botín (paga el jugador)</translation>
    </message>
    <message>
        <source>Redeem promotion code</source>
        <translation>Canjear código promocional</translation>
    </message>
    <message>
        <source>Grant single transient loot</source>
        <translation>Conceder botín temporal único</translation>
    </message>
    <message>
        <source>Grant entitled loot</source>
        <translation>Conceder botín con derecho</translation>
    </message>
    <message>
        <source>Sell dynamic bundle</source>
        <translation>Vender lote dinámico</translation>
    </message>
    <message>
        <source>Create item (persistent)</source>
        <translation>Crear objeto (persistente)</translation>
    </message>
    <message>
        <source>Create item (transient)</source>
        <translation>Crear objeto (temporal)</translation>
    </message>
    <message>
        <source>Change item (persistent)</source>
        <translation>Cambiar objeto (persistente)</translation>
    </message>
    <message>
        <source>Change item (transient)</source>
        <translation>Cambiar objeto (temporal)</translation>
    </message>
    <message>
        <source>Change inventory record</source>
        <translation>Cambiar registro de inventario</translation>
    </message>
    <message>
        <source>Custom loot</source>
        <translation>Botín personalizado</translation>
    </message>
    <message>
        <source>Partly applied</source>
        <translation>Aplicado en parte</translation>
    </message>
    <message>
        <source>Game keys (Kinguin)</source>
        <translation>Claves de juego (Kinguin)</translation>
    </message>
    <message>
        <source>Vouchers (Plum)</source>
        <translation>Vales (Plum)</translation>
    </message>
    <message>
        <source>In-game inventory</source>
        <translation>Inventario del juego</translation>
    </message>
    <message>
        <source>To ship</source>
        <translation>Por enviar</translation>
    </message>
    <message>
        <source>To track</source>
        <translation>Sin seguimiento</translation>
    </message>
    <message>
        <source>To complete</source>
        <translation>Por completar</translation>
    </message>
    <message>
        <source>Kinguin is processing the order.</source>
        <translation>Kinguin está procesando el pedido.</translation>
    </message>
    <message>
        <source>The order is paid and awaits dispatch.</source>
        <translation>El pedido está pagado y espera su expedición.</translation>
    </message>
    <message>
        <source>The order is complete; its keys can be downloaded.</source>
        <translation>El pedido está completo; sus claves se pueden descargar.</translation>
    </message>
    <message>
        <source>Kinguin ran out of the requested quantity at the given price; nothing was charged.</source>
        <translation>Kinguin se quedó sin la cantidad pedida al precio indicado; no se ha cobrado nada.</translation>
    </message>
    <message>
        <source>Kinguin hit an unrecoverable error processing the order.</source>
        <translation>Kinguin tuvo un error irrecuperable al procesar el pedido.</translation>
    </message>
    <message>
        <source>The order was canceled (newer API status).</source>
        <translation>El pedido se canceló (estado de la API nueva).</translation>
    </message>
    <message>
        <source>The order was refunded (newer API status).</source>
        <translation>El pedido se reembolsó (estado de la API nueva).</translation>
    </message>
    <message>
        <source>Accepted; the provider is still applying the entries.</source>
        <translation>Aceptado; el proveedor aún está aplicando las entradas.</translation>
    </message>
    <message>
        <source>Every entry was applied.</source>
        <translation>Se aplicaron todas las entradas.</translation>
    </message>
    <message>
        <source>Some entries were applied; see each entry&apos;s result.</source>
        <translation>Se aplicaron algunas entradas; vea el resultado de cada una.</translation>
    </message>
    <message>
        <source>No entry was applied; see each entry&apos;s result.</source>
        <translation>No se aplicó ninguna entrada; vea el resultado de cada una.</translation>
    </message>
    <message>
        <source>Stock is reserved for the player; nothing has shipped yet.</source>
        <translation>El stock está reservado para el jugador; aún no se ha enviado nada.</translation>
    </message>
    <message>
        <source>The provider has the order and is still processing it.</source>
        <translation>El proveedor tiene el pedido y aún lo está procesando.</translation>
    </message>
    <message>
        <source>The order is paid and waits to be dispatched.</source>
        <translation>El pedido está pagado y espera a ser expedido.</translation>
    </message>
    <message>
        <source>The goods are on their way to the player.</source>
        <translation>Los productos van de camino al jugador.</translation>
    </message>
    <message>
        <source>The order is complete; keys or goods have been delivered.</source>
        <translation>El pedido está completo; las claves o los productos se han entregado.</translation>
    </message>
    <message>
        <source>The order was cancelled; nothing will be delivered.</source>
        <translation>El pedido se canceló; no se entregará nada.</translation>
    </message>
    <message>
        <source>The order was refunded.</source>
        <translation>El pedido se reembolsó.</translation>
    </message>
    <message>
        <source>The provider ran out of stock at the given price; nothing was charged.</source>
        <translation>El proveedor se quedó sin stock al precio indicado; no se ha cobrado nada.</translation>
    </message>
    <message>
        <source>The provider could not process the order.</source>
        <translation>El proveedor no pudo procesar el pedido.</translation>
    </message>
    <message>
        <source>The outcome could not be proven; a person must check before anything is bought again.</source>
        <translation>No se pudo comprobar el resultado; una persona debe revisarlo antes de volver a comprar nada.</translation>
    </message>
    <message>
        <source>The provider reported a status this version does not know.</source>
        <translation>El proveedor indicó un estado que esta versión no conoce.</translation>
    </message>
</context>
<context>
    <name>vouchers</name>
    <message>
        <source>At most {limit} of this product per order.</source>
        <translation>Como máximo {limit} de este producto por pedido.</translation>
    </message>
    <message>
        <source>Delivered later: Plum takes up to 7 business days to deliver this product. The order is charged now; the code arrives later and is filled in when the order is looked up or synced.</source>
        <translation>Entrega diferida: Plum tarda hasta 7 días hábiles en entregar este producto. El pedido se cobra ahora; el código llega más tarde y se rellena cuando se consulta o se sincroniza el pedido.</translation>
    </message>
    <message>
        <source>Plum balance: {amount} {currency}</source>
        <translation>Saldo de Plum: {amount} {currency}</translation>
    </message>
    <message>
        <source>Plum balance unavailable ({error}); Plum checks it.</source>
        <translation>Saldo de Plum no disponible ({error}); Plum lo comprueba.</translation>
    </message>
    <message>
        <source>Plum balance: reading…</source>
        <translation>Saldo de Plum: leyendo…</translation>
    </message>
    <message>
        <source>Choose a product and a denomination to see the total.</source>
        <translation>Elija un producto y un valor para ver el total.</translation>
    </message>
    <message>
        <source>{quantity} × {denomination} {currency} = {face} {currency} face value</source>
        <translation>{quantity} × {denomination} {currency} = {face} {currency} de valor nominal</translation>
    </message>
    <message>
        <source>; Plum gives no exchange rate for this currency right now.</source>
        <translation>; Plum no da ahora un tipo de cambio para esta moneda.</translation>
    </message>
    <message>
        <source> after the {0:f}% discount</source>
        <translation> tras el descuento del {0:f} %</translation>
    </message>
    <message>
        <source>. About {estimate} {ACCOUNT_CURRENCY} will be charged to the Plum account{discount}.</source>
        <translation>. Se cargarán unos {estimate} {ACCOUNT_CURRENCY} a la cuenta de Plum{discount}.</translation>
    </message>
    <message>
        <source>Plum order {order_id}: {0}</source>
        <translation>Pedido de Plum {order_id}: {0}</translation>
    </message>
    <message>
        <source>unknown status</source>
        <translation>estado desconocido</translation>
    </message>
    <message>
        <source>delivery {0}</source>
        <translation>entrega {0}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocida</translation>
    </message>
    <message>
        <source>charged {total}</source>
        <translation>cobrado {total}</translation>
    </message>
    <message>
        <source>PO {po}</source>
        <translation>PO {po}</translation>
    </message>
</context>
<context>
    <name>warehouse</name>
    <message>
        <source>Customer details…</source>
        <translation>Datos del cliente…</translation>
    </message>
    <message>
        <source>Ship…</source>
        <translation>Enviar…</translation>
    </message>
    <message>
        <source>Cancel reservation…</source>
        <translation>Cancelar la reserva…</translation>
    </message>
    <message>
        <source>Packing slip…</source>
        <translation>Albarán…</translation>
    </message>
    <message>
        <source>Add tracking…</source>
        <translation>Añadir seguimiento…</translation>
    </message>
    <message>
        <source>Cancel or refund…</source>
        <translation>Cancelar o reembolsar…</translation>
    </message>
    <message>
        <source>Mark delivered</source>
        <translation>Marcar como entregado</translation>
    </message>
    <message>
        <source>New reservation</source>
        <translation>Nueva reserva</translation>
    </message>
    <message>
        <source>Hold stock of a product for a player at an establishment. Pick them from the lists (type part of a name or an email to search them), or paste an id.</source>
        <translation>Apartar stock de un producto para un jugador en un establecimiento. Elíjalos en las listas (escriba parte de un nombre o de un correo para buscarlos) o pegue un id.</translation>
    </message>
    <message>
        <source>Player</source>
        <translation>Jugador</translation>
    </message>
    <message>
        <source>name, email or id</source>
        <translation>nombre, correo o id.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>name or id</source>
        <translation>nombre o id.</translation>
    </message>
    <message>
        <source>Establishment</source>
        <translation>Establecimiento</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Player email (optional)</source>
        <translation>Correo del jugador (opcional)</translation>
    </message>
    <message>
        <source>player@example.com</source>
        <translation>jugador@example.com</translation>
    </message>
    <message>
        <source>Reserve</source>
        <translation>Reservar</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>Datos del cliente</translation>
    </message>
    <message>
        <source>Change the customer&apos;s billing and contact details. Empty fields are left as they are.</source>
        <translation>Cambiar los datos de facturación y contacto del cliente. Los campos vacíos se dejan como están.</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Address line</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <source>Save details</source>
        <translation>Guardar datos</translation>
    </message>
    <message>
        <source>Ship order</source>
        <translation>Enviar pedido</translation>
    </message>
    <message>
        <source>Confirm the shipment to this address. The reservation becomes an acquisition waiting for its tracking number.</source>
        <translation>Confirme el envío a esta dirección. La reserva pasa a ser una adquisición a la espera de su número de seguimiento.</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Destinatario</translation>
    </message>
    <message>
        <source>Ship</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Add tracking number</source>
        <translation>Añadir número de seguimiento</translation>
    </message>
    <message>
        <source>Scan the parcel&apos;s barcode (or type the number and press Enter). The next order waiting for tracking is selected after each scan.</source>
        <translation>Escanee el código de barras del paquete (o escriba el número y pulse Intro). Tras cada escaneo se selecciona el siguiente pedido pendiente de seguimiento.</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>Número de seguimiento</translation>
    </message>
    <message>
        <source>scan or type</source>
        <translation>escanee o escriba</translation>
    </message>
    <message>
        <source>Save tracking</source>
        <translation>Guardar seguimiento</translation>
    </message>
    <message>
        <source>Player lookup</source>
        <translation>Buscar jugador</translation>
    </message>
    <message>
        <source>Fetch a player&apos;s physical goods orders and keep them in the list (also offline). Pick a player the console knows, or paste a new player&apos;s id.</source>
        <translation>Obtener los pedidos de productos físicos de un jugador y conservarlos en la lista (también sin conexión). Elija un jugador que la consola conozca o pegue el id. de un jugador nuevo.</translation>
    </message>
    <message>
        <source>Fetch orders</source>
        <translation>Obtener pedidos</translation>
    </message>
</context>
</TS>
