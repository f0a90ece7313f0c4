/*! netwatch-card 0.1.0 | Apache-2.0 | built from frontend/ by `npm run build`; do not edit */
var Tt=Object.defineProperty;var Mt=Object.getOwnPropertyDescriptor;var _=(r,e,t,n)=>{for(var s=n>1?void 0:n?Mt(e,t):e,o=r.length-1,i;o>=0;o--)(i=r[o])&&(s=(n?i(e,t,s):i(s))||s);return n&&s&&Tt(e,t,s),s};var te=globalThis,ne=te.ShadowRoot&&(te.ShadyCSS===void 0||te.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,ve=Symbol(),Ve=new WeakMap,j=class{constructor(e,t,n){if(this._$cssResult$=!0,n!==ve)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(ne&&e===void 0){let n=t!==void 0&&t.length===1;n&&(e=Ve.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),n&&Ve.set(t,e))}return e}toString(){return this.cssText}},We=r=>new j(typeof r=="string"?r:r+"",void 0,ve),R=(r,...e)=>{let t=r.length===1?r[0]:e.reduce((n,s,o)=>n+(i=>{if(i._$cssResult$===!0)return i.cssText;if(typeof i=="number")return i;throw Error("Value passed to 'css' function must be a 'css' function result: "+i+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(s)+r[o+1],r[0]);return new j(t,r,ve)},Ge=(r,e)=>{if(ne)r.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let n=document.createElement("style"),s=te.litNonce;s!==void 0&&n.setAttribute("nonce",s),n.textContent=t.cssText,r.appendChild(n)}},$e=ne?r=>r:r=>r instanceof CSSStyleSheet?(e=>{let t="";for(let n of e.cssRules)t+=n.cssText;return We(t)})(r):r;var{is:Nt,defineProperty:Lt,getOwnPropertyDescriptor:Ht,getOwnPropertyNames:It,getOwnPropertySymbols:Ot,getPrototypeOf:Dt}=Object,re=globalThis,Ke=re.trustedTypes,Ut=Ke?Ke.emptyScript:"",Ft=re.reactiveElementPolyfillSupport,B=(r,e)=>r,q={toAttribute(r,e){switch(e){case Boolean:r=r?Ut:null;break;case Object:case Array:r=r==null?r:JSON.stringify(r)}return r},fromAttribute(r,e){let t=r;switch(e){case Boolean:t=r!==null;break;case Number:t=r===null?null:Number(r);break;case Object:case Array:try{t=JSON.parse(r)}catch{t=null}}return t}},se=(r,e)=>!Nt(r,e),Ze={attribute:!0,type:String,converter:q,reflect:!1,useDefault:!1,hasChanged:se};Symbol.metadata??=Symbol("metadata"),re.litPropertyMetadata??=new WeakMap;var x=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=Ze){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),s=this.getPropertyDescriptor(e,n,t);s!==void 0&&Lt(this.prototype,e,s)}}static getPropertyDescriptor(e,t,n){let{get:s,set:o}=Ht(this.prototype,e)??{get(){return this[t]},set(i){this[t]=i}};return{get:s,set(i){let a=s?.call(this);o?.call(this,i),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??Ze}static _$Ei(){if(this.hasOwnProperty(B("elementProperties")))return;let e=Dt(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(B("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(B("properties"))){let t=this.properties,n=[...It(t),...Ot(t)];for(let s of n)this.createProperty(s,t[s])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[n,s]of t)this.elementProperties.set(n,s)}this._$Eh=new Map;for(let[t,n]of this.elementProperties){let s=this._$Eu(t,n);s!==void 0&&this._$Eh.set(s,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let s of n)t.unshift($e(s))}else e!==void 0&&t.push($e(e));return t}static _$Eu(e,t){let n=t.attribute;return n===!1?void 0:typeof n=="string"?n:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return Ge(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),s=this.constructor._$Eu(e,n);if(s!==void 0&&n.reflect===!0){let o=(n.converter?.toAttribute!==void 0?n.converter:q).toAttribute(t,n.type);this._$Em=e,o==null?this.removeAttribute(s):this.setAttribute(s,o),this._$Em=null}}_$AK(e,t){let n=this.constructor,s=n._$Eh.get(e);if(s!==void 0&&this._$Em!==s){let o=n.getPropertyOptions(s),i=typeof o.converter=="function"?{fromAttribute:o.converter}:o.converter?.fromAttribute!==void 0?o.converter:q;this._$Em=s;let a=i.fromAttribute(t,o.type);this[s]=a??this._$Ej?.get(s)??a,this._$Em=null}}requestUpdate(e,t,n,s=!1,o){if(e!==void 0){let i=this.constructor;if(s===!1&&(o=this[e]),n??=i.getPropertyOptions(e),!((n.hasChanged??se)(o,t)||n.useDefault&&n.reflect&&o===this._$Ej?.get(e)&&!this.hasAttribute(i._$Eu(e,n))))return;this.C(e,t,n)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:s,wrapped:o},i){n&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,i??t??this[e]),o!==!0||i!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),s===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[s,o]of this._$Ep)this[s]=o;this._$Ep=void 0}let n=this.constructor.elementProperties;if(n.size>0)for(let[s,o]of n){let{wrapped:i}=o,a=this[s];i!==!0||this._$AL.has(s)||a===void 0||this.C(s,void 0,o,a)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(n=>n.hostUpdate?.()),this.update(t)):this._$EM()}catch(n){throw e=!1,this._$EM(),n}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};x.elementStyles=[],x.shadowRootOptions={mode:"open"},x[B("elementProperties")]=new Map,x[B("finalized")]=new Map,Ft?.({ReactiveElement:x}),(re.reactiveElementVersions??=[]).push("2.1.2");var Pe=globalThis,Je=r=>r,oe=Pe.trustedTypes,Xe=oe?oe.createPolicy("lit-html",{createHTML:r=>r}):void 0,rt="$lit$",A=`lit$${Math.random().toFixed(9).slice(2)}$`,st="?"+A,zt=`<${st}>`,M=document,W=()=>M.createComment(""),G=r=>r===null||typeof r!="object"&&typeof r!="function",Re=Array.isArray,jt=r=>Re(r)||typeof r?.[Symbol.iterator]=="function",xe=`[ 	
\f\r]`,V=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Ye=/-->/g,Qe=/>/g,k=RegExp(`>|${xe}(?:([^\\s"'>=/]+)(${xe}*=${xe}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),et=/'/g,tt=/"/g,ot=/^(?:script|style|textarea|title)$/i,ke=r=>(e,...t)=>({_$litType$:r,strings:e,values:t}),c=ke(1),E=ke(2),Mn=ke(3),N=Symbol.for("lit-noChange"),h=Symbol.for("lit-nothing"),nt=new WeakMap,T=M.createTreeWalker(M,129);function it(r,e){if(!Re(r)||!r.hasOwnProperty("raw"))throw Error("invalid template strings array");return Xe!==void 0?Xe.createHTML(e):e}var Bt=(r,e)=>{let t=r.length-1,n=[],s,o=e===2?"<svg>":e===3?"<math>":"",i=V;for(let a=0;a<t;a++){let l=r[a],d,p,u=-1,f=0;for(;f<l.length&&(i.lastIndex=f,p=i.exec(l),p!==null);)f=i.lastIndex,i===V?p[1]==="!--"?i=Ye:p[1]!==void 0?i=Qe:p[2]!==void 0?(ot.test(p[2])&&(s=RegExp("</"+p[2],"g")),i=k):p[3]!==void 0&&(i=k):i===k?p[0]===">"?(i=s??V,u=-1):p[1]===void 0?u=-2:(u=i.lastIndex-p[2].length,d=p[1],i=p[3]===void 0?k:p[3]==='"'?tt:et):i===tt||i===et?i=k:i===Ye||i===Qe?i=V:(i=k,s=void 0);let b=i===k&&r[a+1].startsWith("/>")?" ":"";o+=i===V?l+zt:u>=0?(n.push(d),l.slice(0,u)+rt+l.slice(u)+A+b):l+A+(u===-2?a:b)}return[it(r,o+(r[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),n]},K=class r{constructor({strings:e,_$litType$:t},n){let s;this.parts=[];let o=0,i=0,a=e.length-1,l=this.parts,[d,p]=Bt(e,t);if(this.el=r.createElement(d,n),T.currentNode=this.el.content,t===2||t===3){let u=this.el.content.firstChild;u.replaceWith(...u.childNodes)}for(;(s=T.nextNode())!==null&&l.length<a;){if(s.nodeType===1){if(s.hasAttributes())for(let u of s.getAttributeNames())if(u.endsWith(rt)){let f=p[i++],b=s.getAttribute(u).split(A),v=/([.?@])?(.*)/.exec(f);l.push({type:1,index:o,name:v[2],strings:b,ctor:v[1]==="."?Se:v[1]==="?"?Ae:v[1]==="@"?Ee:D}),s.removeAttribute(u)}else u.startsWith(A)&&(l.push({type:6,index:o}),s.removeAttribute(u));if(ot.test(s.tagName)){let u=s.textContent.split(A),f=u.length-1;if(f>0){s.textContent=oe?oe.emptyScript:"";for(let b=0;b<f;b++)s.append(u[b],W()),T.nextNode(),l.push({type:2,index:++o});s.append(u[f],W())}}}else if(s.nodeType===8)if(s.data===st)l.push({type:2,index:o});else{let u=-1;for(;(u=s.data.indexOf(A,u+1))!==-1;)l.push({type:7,index:o}),u+=A.length-1}o++}}static createElement(e,t){let n=M.createElement("template");return n.innerHTML=e,n}};function O(r,e,t=r,n){if(e===N)return e;let s=n!==void 0?t._$Co?.[n]:t._$Cl,o=G(e)?void 0:e._$litDirective$;return s?.constructor!==o&&(s?._$AO?.(!1),o===void 0?s=void 0:(s=new o(r),s._$AT(r,t,n)),n!==void 0?(t._$Co??=[])[n]=s:t._$Cl=s),s!==void 0&&(e=O(r,s._$AS(r,e.values),s,n)),e}var we=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,s=(e?.creationScope??M).importNode(t,!0);T.currentNode=s;let o=T.nextNode(),i=0,a=0,l=n[0];for(;l!==void 0;){if(i===l.index){let d;l.type===2?d=new Z(o,o.nextSibling,this,e):l.type===1?d=new l.ctor(o,l.name,l.strings,this,e):l.type===6&&(d=new Ce(o,this,e)),this._$AV.push(d),l=n[++a]}i!==l?.index&&(o=T.nextNode(),i++)}return T.currentNode=M,s}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings!==void 0?(n._$AI(e,n,t),t+=n.strings.length-2):n._$AI(e[t])),t++}},Z=class r{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,s){this.type=2,this._$AH=h,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=s,this._$Cv=s?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=O(this,e,t),G(e)?e===h||e==null||e===""?(this._$AH!==h&&this._$AR(),this._$AH=h):e!==this._$AH&&e!==N&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):jt(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==h&&G(this._$AH)?this._$AA.nextSibling.data=e:this.T(M.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,s=typeof n=="number"?this._$AC(e):(n.el===void 0&&(n.el=K.createElement(it(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===s)this._$AH.p(t);else{let o=new we(s,this),i=o.u(this.options);o.p(t),this.T(i),this._$AH=o}}_$AC(e){let t=nt.get(e.strings);return t===void 0&&nt.set(e.strings,t=new K(e)),t}k(e){Re(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,n,s=0;for(let o of e)s===t.length?t.push(n=new r(this.O(W()),this.O(W()),this,this.options)):n=t[s],n._$AI(o),s++;s<t.length&&(this._$AR(n&&n._$AB.nextSibling,s),t.length=s)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let n=Je(e).nextSibling;Je(e).remove(),e=n}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},D=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,s,o){this.type=1,this._$AH=h,this._$AN=void 0,this.element=e,this.name=t,this._$AM=s,this.options=o,n.length>2||n[0]!==""||n[1]!==""?(this._$AH=Array(n.length-1).fill(new String),this.strings=n):this._$AH=h}_$AI(e,t=this,n,s){let o=this.strings,i=!1;if(o===void 0)e=O(this,e,t,0),i=!G(e)||e!==this._$AH&&e!==N,i&&(this._$AH=e);else{let a=e,l,d;for(e=o[0],l=0;l<o.length-1;l++)d=O(this,a[n+l],t,l),d===N&&(d=this._$AH[l]),i||=!G(d)||d!==this._$AH[l],d===h?e=h:e!==h&&(e+=(d??"")+o[l+1]),this._$AH[l]=d}i&&!s&&this.j(e)}j(e){e===h?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},Se=class extends D{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===h?void 0:e}},Ae=class extends D{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==h)}},Ee=class extends D{constructor(e,t,n,s,o){super(e,t,n,s,o),this.type=5}_$AI(e,t=this){if((e=O(this,e,t,0)??h)===N)return;let n=this._$AH,s=e===h&&n!==h||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,o=e!==h&&(n===h||s);s&&this.element.removeEventListener(this.name,this,n),o&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},Ce=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){O(this,e)}};var qt=Pe.litHtmlPolyfillSupport;qt?.(K,Z),(Pe.litHtmlVersions??=[]).push("3.3.3");var at=(r,e,t)=>{let n=t?.renderBefore??e,s=n._$litPart$;if(s===void 0){let o=t?.renderBefore??null;n._$litPart$=s=new Z(e.insertBefore(W(),o),o,void 0,t??{})}return s._$AI(r),s};var Te=globalThis,y=class extends x{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=at(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return N}};y._$litElement$=!0,y.finalized=!0,Te.litElementHydrateSupport?.({LitElement:y});var Vt=Te.litElementPolyfillSupport;Vt?.({LitElement:y});(Te.litElementVersions??=[]).push("4.2.2");var Wt={attribute:!0,type:String,converter:q,reflect:!1,hasChanged:se},Gt=(r=Wt,e,t)=>{let{kind:n,metadata:s}=t,o=globalThis.litPropertyMetadata.get(s);if(o===void 0&&globalThis.litPropertyMetadata.set(s,o=new Map),n==="setter"&&((r=Object.create(r)).wrapped=!0),o.set(t.name,r),n==="accessor"){let{name:i}=t;return{set(a){let l=e.get.call(this);e.set.call(this,a),this.requestUpdate(i,l,r,!0,a)},init(a){return a!==void 0&&this.C(i,void 0,r,a),a}}}if(n==="setter"){let{name:i}=t;return function(a){let l=this[i];e.call(this,a),this.requestUpdate(i,l,r,!0,a)}}throw Error("Unsupported decorator location: "+n)};function J(r){return(e,t)=>typeof t=="object"?Gt(r,e,t):((n,s,o)=>{let i=s.hasOwnProperty(o);return s.constructor.createProperty(o,n),i?Object.getOwnPropertyDescriptor(s,o):void 0})(r,e,t)}function w(r){return J({...r,state:!0,attribute:!1})}function X(r){if(!r||!/^[A-Za-z]{2}$/.test(r))return"🌐";let e=127397,t=r.toUpperCase();return String.fromCodePoint(e+t.charCodeAt(0),e+t.charCodeAt(1))}var lt=new Map,ct=new Map;function le(r,e){let t=`${r}|${JSON.stringify(e)}`,n=lt.get(t);return n||(n=new Intl.DateTimeFormat(r,e),lt.set(t,n)),n}function ut(r,e){let t=`${r}|${JSON.stringify(e)}`,n=ct.get(t);return n||(n=new Intl.NumberFormat(r,e),ct.set(t,n)),n}var ae=new Map;function de(r,e="en"){if(!r)return"Unknown";if(!ae.has(e))try{ae.set(e,new Intl.DisplayNames([e,"en"],{type:"region"}))}catch{ae.set(e,null)}let t=ae.get(e);try{return t?.of(r.toUpperCase())??r}catch{return r}}var dt=["B","kB","MB","GB","TB","PB"];function L(r){if(!Number.isFinite(r))return"–";let e=r<0?"-":"",t=Math.abs(r),n=0;for(;t>=999.95&&n<dt.length-1;)t/=1e3,n+=1;let s=n===0?String(Math.round(t)):t.toFixed(t<10?2:t<100?1:0);return`${e}${s} ${dt[n]}`}function Ne(r){let e=r*8;return L(e).replace(/B$/,"bit/s")}function pt(r,e="en"){return ut(e,{notation:"compact",maximumFractionDigits:1}).format(r)}function g(r,e="en"){return ut(e,{maximumFractionDigits:0}).format(r)}function ht(r){let e=r.reduce((i,a)=>i+Math.max(0,a),0);if(e<=0)return r.map(()=>0);let t=r.map(i=>Math.max(0,i)*100/e),n=t.map(Math.floor),s=100-n.reduce((i,a)=>i+a,0),o=t.map((i,a)=>[i-Math.floor(i),a]).sort((i,a)=>a[0]-i[0]||i[1]-a[1]);for(let[,i]of o){if(s<=0)break;n[i]+=1,s-=1}return n}function Le(r,e,t,n){let s=[...r].sort((a,l)=>t(l)-t(a));if(s.length<=e)return s;let o=s.slice(e),i=o.reduce((a,l)=>a+t(l),0);return i>0?[...s.slice(0,e),n(i,o.length)]:s.slice(0,e)}function He(r){if(!(r>0))return 1;let t=10**Math.floor(Math.log10(r));for(let n of[1,2,5,10])if(r<=n*t+1e-9*t)return Math.max(1,n*t);return 10*t}function mt(r){let e=[],t=null;for(let n of r){let s=n.map((o,i)=>o+(t?t[i]??0:0));e.push(s),t=s}return e}function Y(r,e,t,n){let s=r.length,o=n>0?t/n:0;return r.map((i,a)=>{let l=s<=1?e/2:a*e/(s-1),d=t-Math.min(n,Math.max(0,i))*o;return[ce(l),ce(d)]})}function ue(r){return r.map(([e,t],n)=>`${n===0?"M":"L"}${e},${t}`).join("")}function Ie(r,e){if(r.length===0)return"";let t=[...e].reverse();return`${ue(r)}${t.map(([n,s])=>`L${n},${s}`).join("")}Z`}function ft(r,e,t,n,s){let o=r.reduce((a,l)=>a+Math.max(0,l),0),i=0;return r.map(a=>{let l=o>0?Math.max(0,a)/o*2*Math.PI:0,d={start:i,end:i+l,path:Me(e,t,n,s,i,i+l)};return i+=l,d})}function Me(r,e,t,n,s,o){let i=o-s;if(i<=0)return"";if(i>=2*Math.PI-1e-9)return Me(r,e,t,n,s,s+Math.PI)+Me(r,e,t,n,s+Math.PI,o-1e-9);let a=i>Math.PI?1:0,l=(d,p)=>`${ce(r+d*Math.sin(p))},${ce(e-d*Math.cos(p))}`;return`M${l(t,s)}A${t},${t} 0 ${a} 1 ${l(t,o)}L${l(n,o)}A${n},${n} 0 ${a} 0 ${l(n,s)}Z`}function Kt(r,e){let t=le("en-US",{timeZone:e,hourCycle:"h23",year:"numeric",month:"numeric",day:"numeric",hour:"numeric",minute:"numeric",second:"numeric"}),n={};for(let o of t.formatToParts(new Date(r*1e3)))o.type!=="literal"&&(n[o.type]=Number(o.value));return Date.UTC(n.year,n.month-1,n.day,n.hour,n.minute,n.second)/1e3-r}var Zt={"1h":{hour:"2-digit",minute:"2-digit",hourCycle:"h23"},"24h":{hour:"2-digit",minute:"2-digit",hourCycle:"h23"},"7d":{weekday:"short",hour:"2-digit",hourCycle:"h23"},"30d":{month:"short",day:"numeric"}};function Oe(r,e,t="en",n){if(e==="7d"){let s=le(t,{weekday:"short",timeZone:n}).format(r*1e3),o=le(t,{hour:"2-digit",minute:"2-digit",hourCycle:"h23",timeZone:n});return`${s} ${o.format(r*1e3)}`}return le(t,{...Zt[e],timeZone:n}).format(r*1e3)}var Jt={"1h":900,"24h":4*3600,"7d":86400,"30d":7*86400};function gt(r,e,t){if(r.length===0)return[];let n=Jt[e],s=Kt(r[r.length-1],t),o=[];return r.forEach((i,a)=>{((i+s)%n+n)%n===0&&o.push(a)}),o}function De(r){return r==="ipv6-icmp"?"ICMPv6":/^\d+$/.test(r)?`proto ${r}`:r==="other"?r:r.toUpperCase()}function pe(r,e,t){let n=De(e),s=r>0?`${r}/${n}`:n;return t?`${s} (${t})`:s}function he(...r){return r.some(e=>e.some(t=>t>0))}function me(r,e){if(!r)return"–";let t=Date.parse(r);if(Number.isNaN(t))return"–";let n=Math.max(0,Math.round((e-t)/1e3));return n<60?`${n} s`:n<3600?`${Math.floor(n/60)} min`:n<86400?`${Math.floor(n/3600)} h`:`${Math.floor(n/86400)} d`}function ce(r){return Math.round(r*100)/100}var Xt=[60,120,300,600,900,1200,1800,3600,7200,10800,14400,21600,28800,43200,86400,172800,604800];function Ue(r,e,t){let n=Math.ceil(r/Math.max(1,t));if(n<=1)return 1;for(let s of Xt){let o=s/e;if(Number.isInteger(o)&&o>=n)return o}return n}function Fe(r,e){let t=[];for(let n=0;n<r.length;n+=e){let s=0;for(let o=n;o<Math.min(n+e,r.length);o++)s+=r[o]??0;t.push(s)}return t}function fe(r){return r%86400===0?`${r/86400} d`:r%3600===0?`${r/3600} h`:r%60===0?`${r/60} min`:`${r} s`}var bt=["#4e79a7","#f28e2b","#59a14f","#e15759","#76b7b2","#edc948","#b07aa1","#ff9da7","#9c755f","#8cd17d"],ge="var(--netwatch-color-other, var(--disabled-text-color, #9e9e9e))";function be(r){return`var(--netwatch-color-${r+1}, ${bt[r%bt.length]})`}var S=1e3,C=200;function ze(r,e,t){let n=t==="bars"?96:120,s=Ue(e.buckets.length,e.bucketSeconds,n),o=r.map(m=>Fe(m.counts,s)),i=e.buckets.filter((m,ye)=>ye%s===0),a=mt(o),l=a.length?a[a.length-1]:[],d=He(Math.max(0,...l)),p=i.length,u=t==="bars"?Qt(a,r,d,p):Yt(a,r,d),f=t==="bars"?p:Math.max(1,p-1),b=gt(i,e.range,e.timeZone).map(m=>[m,p<=1?50:m/f*100]).filter(([,m])=>m>=4&&m<=96),v=fe(s*e.bucketSeconds);return c`
    <div class="timechart">
      <div class="yaxis"><span>${pt(d,e.language)}</span><span>0</span></div>
      <div class="plotwrap">
        <svg class="plot" viewBox="0 0 ${S} ${C}" preserveAspectRatio="none" role="img">
          ${[.25,.5,.75].map(m=>E`<line class="gridline" x1="0" x2="${S}" y1="${C*m}" y2="${C*m}"></line>`)}
          ${u}
          ${en(o,r,i,e,v)}
        </svg>
        <div class="xaxis">
          ${b.map(([m,ye])=>c`<span style="left:${ye.toFixed(2)}%">${Oe(i[m],e.range,e.language,e.timeZone)}</span>`)}
        </div>
      </div>
    </div>
    <div class="caption">per ${v}</div>
    ${tn(r.map(m=>({label:m.label,color:m.color})))}
  `}function Yt(r,e,t){let s=Y(new Array(r[0]?.length??0).fill(0),S,C,t);return r.map((o,i)=>{let a=Y(o,S,C,t),l=E`<path class="area" d="${Ie(a,s)}" fill="${e[i].color}"></path>
      <path class="line" d="${ue(a)}" stroke="${e[i].color}"></path>`;return s=a,l})}function Qt(r,e,t,n){let s=S/Math.max(1,n),o=Math.max(1,s*.8),i=C/t,a=[];return r.forEach((l,d)=>{let p=d>0?r[d-1]:null,u=[];l.forEach((f,b)=>{let v=p?p[b]:0;if(f-v<=0)return;let m=C-f*i;u.push(E`<rect x="${(b*s+(s-o)/2).toFixed(1)}" y="${m.toFixed(1)}"
        width="${o.toFixed(1)}" height="${((f-v)*i).toFixed(1)}"></rect>`)}),a.push(E`<g fill="${e[d].color}">${u}</g>`)}),a}function en(r,e,t,n,s){let o=S/Math.max(1,t.length);return E`<g class="hover">${t.map((i,a)=>{let l=e.map((p,u)=>[p.label,r[u][a]??0]).filter(([,p])=>p>0).map(([p,u])=>`${p}: ${u}`),d=`${Oe(i,n.range,n.language,n.timeZone)} (+${s})
${l.join(`
`)||"none"}`;return E`<rect x="${(a*o).toFixed(1)}" y="0" width="${o.toFixed(1)}" height="${C}"><title>${d}</title></rect>`})}</g>`}function _e(r,e,t){let n=ft(r.map(o=>o.value),50,50,48,32),s=ht(r.map(o=>o.value));return c`
    <div class="donutwrap">
      <svg class="donut" viewBox="0 0 100 100" role="img">
        ${n.map((o,i)=>E`<path d="${o.path}" fill="${r[i].color}"><title>${r[i].label}: ${r[i].value} (${s[i]} %)</title></path>`)}
        <text x="50" y="49" class="center">${e}</text>
        <text x="50" y="61" class="center-sub">${t}</text>
      </svg>
      <ul class="legend vertical">
        ${r.map((o,i)=>c`<li title="${o.label}: ${o.detail??o.value} (${s[i]} %)">
            <span class="swatch" style="background:${o.color}"></span>
            <span class="lbl">${o.label}${o.detail?c`<span class="detail">${o.detail}</span>`:h}</span>
            <span class="num">${o.detail?"":`${o.value} · `}${s[i]} %</span>
          </li>`)}
      </ul>
    </div>
  `}function _t(r){let e=Math.max(1,...r.map(t=>t.value));return c`<ul class="hbars">
    ${r.map(t=>c`<li title="${t.label}: ${t.text}">
        <span class="hlabel">${t.prefix?c`<span class="flag">${t.prefix}</span>`:h}${t.label}</span>
        <span class="htrack"><span class="hbar" style="width:${(t.value/e*100).toFixed(1)}%;background:${t.color??"var(--primary-color)"}"></span></span>
        <span class="hnum">${t.text}</span>
      </li>`)}
  </ul>`}function yt(r,e){let t=Fe(r,Ue(r.length,e,120)),n=He(Math.max(0,...t)),s=Y(t,S,60,n),o=Y(new Array(t.length).fill(0),S,60,n);return c`<svg class="spark" viewBox="0 0 ${S} 60" preserveAspectRatio="none" role="img">
    <path class="area" d="${Ie(s,o)}" fill="var(--error-color, #db4437)"></path>
    <path class="line" d="${ue(s)}" stroke="var(--error-color, #db4437)"></path>
  </svg>`}function tn(r){return c`<ul class="legend">
    ${r.map(e=>c`<li><span class="swatch" style="background:${e.color}"></span>${e.label}</li>`)}
  </ul>`}var U={outbound:"Outbound destinations",denied_table:"Inbound denied",denied_share:"Denied share",drops:"Inbound drops",verdicts:"Allow vs deny",countries:"Denied by country",ports:"Denied ports over time",devices:"Devices"},$t=new Set(["outbound","ports","devices","denied_table"]),vt=r=>r===""||r.toLowerCase()==="other";function xt(r,e){return{buckets:r.buckets,bucketSeconds:r.bucket_seconds,range:r.range,language:e.language,timeZone:e.timeZone}}function nn(r,e){return`${X(r)} ${de(r,e.language)}`}function rn(r,e){let t=r.outbound_destinations.series.map((s,o)=>({label:vt(s.address)?"other":`${s.country?`${X(s.country)} `:""}${s.address}`,counts:s.counts,color:vt(s.address)?ge:be(o)})),n=r.outbound_destinations.top.slice(0,5);return c`
    ${ze(t,xt(r,e),"area")}
    ${n.length?c`<table class="compact">
          <thead><tr><th>Top destination</th><th class="num">Flows</th><th class="num">Bytes</th></tr></thead>
          <tbody>
            ${n.map(s=>c`<tr>
                <td><span class="flag" title="${de(s.country,e.language)}">${X(s.country)}</span> ${s.address}</td>
                <td class="num">${g(s.flows,e.language)}</td>
                <td class="num">${L(s.bytes)}</td>
              </tr>`)}
          </tbody>
        </table>`:h}
  `}function sn(r,e){let t=[...r.inbound_denied_table].sort((n,s)=>s.count-n.count).slice(0,15);return c`<table>
      <thead><tr><th>Port</th><th>Country</th><th class="num">Attempts</th></tr></thead>
      <tbody>
        ${t.map(n=>c`<tr>
            <td>${pe(n.port,n.protocol,n.service)}</td>
            <td>${nn(n.country,e)}</td>
            <td class="num">${g(n.count,e.language)}</td>
          </tr>`)}
      </tbody>
    </table>
    ${r.status.geoip?h:c`<p class="hint">Countries need a GeoIP database: set one in the netwatch options.</p>`}`}function on(r,e){let t=Le(r.denied_share.by_protocol.map(i=>({label:De(i.protocol),value:i.count})),5,i=>i.value,i=>({label:"other",value:i})),n=Le(r.denied_share.by_port.map(i=>({label:pe(i.port,i.protocol),value:i.count,detail:`${i.service?`${i.service} · `:""}${g(i.count,e.language)}`})),6,i=>i.value,i=>({label:"other",value:i})),s=i=>i.map((a,l)=>({...a,color:a.label==="other"?ge:be(l)})),o=r.denied_share.by_protocol.reduce((i,a)=>i+a.count,0);return c`<div class="pair">
    <div><h4>By protocol</h4>${_e(s(t),g(o,e.language),"denied")}</div>
    <div><h4>By port</h4>${_e(s(n),String(r.denied_share.by_port.length),"ports")}</div>
  </div>`}function an(r,e){let t=Math.max(0,...r.inbound_drops.counts);return c`<div class="big">${g(r.inbound_drops.total,e.language)}</div>
    <div class="sub">
      inbound connections dropped · peak ${g(t,e.language)} in ${fe(r.bucket_seconds)}
    </div>
    ${yt(r.inbound_drops.counts,r.bucket_seconds)}`}function ln(r,e){let t=r.verdicts,n=[{label:"allow",value:t.allow,color:"var(--success-color, #43a047)",detail:`${g(t.allow,e.language)} · ${L(t.allow_bytes)}`},{label:"deny",value:t.deny,color:"var(--error-color, #db4437)",detail:`${g(t.deny,e.language)} · ${L(t.deny_bytes)}`},{label:"reject",value:t.reject,color:"var(--warning-color, #ffa600)",detail:g(t.reject,e.language)}],s=t.allow+t.deny+t.reject;return _e(n,g(s,e.language),"verdicts")}function cn(r,e){let t=[...r.denied_by_country].sort((n,s)=>s.count-n.count).slice(0,10);return _t(t.map(n=>({label:de(n.country,e.language),prefix:X(n.country),value:n.count,text:g(n.count,e.language),color:"var(--error-color, #db4437)"})))}function dn(r,e){let t=r.denied_ports_over_time.series.map((n,s)=>{let o=n.port<0||n.protocol==="other";return{label:o?"other":pe(n.port,n.protocol),counts:n.counts,color:o?ge:be(s)}});return ze(t,xt(r,e),"bars")}function un(r,e){let t=[...r.devices].sort((n,s)=>s.bytes_in+s.bytes_out-(n.bytes_in+n.bytes_out));return c`<div class="scroll"><table>
    <thead><tr>
      <th>Device</th><th class="num">In</th><th class="num">Out</th>
      <th class="num wide-only">Rate in</th><th class="num wide-only">Rate out</th>
      <th class="num wide-only">Flows</th><th class="num">Denied</th><th class="num wide-only">Seen</th>
    </tr></thead>
    <tbody>
      ${t.map(n=>c`<tr>
          <td><div class="dev">${n.name||n.address}</div>${n.name&&n.name!==n.address?c`<div class="addr">${n.address}</div>`:h}</td>
          <td class="num">${L(n.bytes_in)}</td>
          <td class="num">${L(n.bytes_out)}</td>
          <td class="num wide-only">${Ne(n.rate_in)}</td>
          <td class="num wide-only">${Ne(n.rate_out)}</td>
          <td class="num wide-only">${g(n.flows,e.language)}</td>
          <td class="num">${g(n.denied_inbound,e.language)}</td>
          <td class="num wide-only">${me(n.last_seen,e.nowMs)}</td>
        </tr>`)}
    </tbody>
  </table></div>`}var wt={outbound:rn,denied_table:sn,denied_share:on,drops:an,verdicts:ln,countries:cn,ports:dn,devices:un};var At=2055,Et=5514,pn=new Set(["outbound","devices"]);function hn(r){return`No flows received yet. Send NetFlow v5/v9 or IPFIX from your router to Home Assistant's address, UDP port ${r.flow_port??At}, and check that the router is in the allowed senders of the netwatch options.`}function mn(r){return`Needs firewall logs: configure your router's firewall syslog to send to Home Assistant's address, port ${r.syslog_port??Et} (UDP or TCP), and check the allowed senders in the netwatch options.`}function fn(r){return`No GeoIP database${r.geoip_error?` (${r.geoip_error})`:""}: set a GeoIP database in the netwatch options to see countries.`}function Ct(r){if(r.status.flows||r.status.syslog)return null;let e=r.status.flow_port??At,t=r.status.syslog_port??Et;return`No data yet. Send NetFlow/IPFIX from your router to Home Assistant's address, UDP port ${e}, and its firewall syslog to port ${t}. Already done? Check the allowed senders in the netwatch options and that no firewall blocks these ports.`}function gn(r,e){switch(r){case"outbound":return e.outbound_destinations.top.length>0||he(...e.outbound_destinations.series.map(t=>t.counts));case"denied_table":return e.inbound_denied_table.some(t=>t.count>0);case"denied_share":return e.denied_share.by_protocol.some(t=>t.count>0)||e.denied_share.by_port.some(t=>t.count>0);case"drops":return e.inbound_drops.total>0||he(e.inbound_drops.counts);case"verdicts":return e.verdicts.allow+e.verdicts.deny+e.verdicts.reject>0;case"countries":return e.denied_by_country.some(t=>t.count>0&&t.country!==null);case"ports":return he(...e.denied_ports_over_time.series.map(t=>t.counts));case"devices":return e.devices.length>0}}function Pt(r,e){return gn(r,e)?{kind:"data",text:""}:pn.has(r)?e.status.flows?{kind:"empty",text:St(r)}:{kind:"no_flows",text:hn(e.status)}:e.status.syslog?r==="countries"&&!e.status.geoip?{kind:"needs_geoip",text:fn(e.status)}:{kind:"empty",text:St(r)}:{kind:"needs_syslog",text:mn(e.status)}}function St(r){switch(r){case"outbound":return"No outbound connections in this time range.";case"devices":return"No home devices seen in this time range. Check the home networks in the netwatch options.";case"verdicts":return"No firewall verdicts in this time range.";default:return"No denied inbound connections in this time range."}}var bn={no_flows:"Waiting for flows (see above).",needs_syslog:"Needs firewall syslog (see above).",needs_geoip:"Needs a GeoIP database (see above)."};function Rt(r,e){let t=new Map;for(let i of r)t.set(i.kind,(t.get(i.kind)??0)+1);let n=e?[e]:[],s=new Set;for(let i of["no_flows","needs_syslog","needs_geoip"]){let a=t.get(i)??0;e&&i!=="needs_geoip"&&a>0?s.add(i):a>=2&&(s.add(i),n.push(r.find(l=>l.kind===i)?.text??""))}let o=r.map(i=>s.has(i.kind)?bn[i.kind]??i.text:i.text);return{banners:n,panelText:o}}var kt=R`
  :host {
    display: block;
    --nw-muted: var(--secondary-text-color, #727272);
    --nw-line: var(--divider-color, rgba(0, 0, 0, 0.12));
  }
  ha-card {
    display: block;
    /* Size rules follow the card's own width (a card can be narrow on a wide screen). */
    container-type: inline-size;
    padding: 12px 16px 16px;
    color: var(--primary-text-color);
    background: var(--ha-card-background, var(--card-background-color, #fff));
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    margin-bottom: 8px;
  }
  .title {
    font-size: var(--ha-card-header-font-size, 20px);
    font-weight: 500;
    margin: 0;
  }
  .updated {
    color: var(--nw-muted);
    font-size: 12px;
  }
  .ranges {
    display: inline-flex;
    border: 1px solid var(--nw-line);
    border-radius: 16px;
    overflow: hidden;
  }
  .ranges button {
    font: inherit;
    font-size: 13px;
    padding: 4px 12px;
    border: 0;
    background: transparent;
    color: var(--primary-text-color);
    cursor: pointer;
  }
  .ranges button[aria-pressed="true"] {
    background: var(--primary-color, #03a9f4);
    color: var(--text-primary-color, #fff);
  }
  .banner {
    border-left: 4px solid var(--warning-color, #ffa600);
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.08));
    padding: 8px 12px;
    margin: 8px 0;
    border-radius: 4px;
    font-size: 14px;
  }
  .banner.error {
    border-left-color: var(--error-color, #db4437);
  }
  .panels {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
    gap: 12px;
  }
  .panels.stale {
    opacity: 0.5;
    transition: opacity 0.2s;
  }
  .panel {
    border: 1px solid var(--nw-line);
    border-radius: 8px;
    padding: 10px 12px;
    min-width: 0;
  }
  .panel.single {
    border: 0;
    padding: 0;
  }
  .panel.wide {
    grid-column: 1 / -1;
  }
  .panel h3 {
    margin: 0 0 8px;
    font-size: 15px;
    font-weight: 500;
  }
  h4 {
    margin: 0 0 4px;
    font-size: 13px;
    font-weight: 500;
    color: var(--nw-muted);
  }
  .state {
    color: var(--nw-muted);
    font-size: 14px;
    padding: 12px 0;
  }
  .hint {
    color: var(--nw-muted);
    font-size: 12px;
    margin: 6px 0 0;
  }
  .loading {
    color: var(--nw-muted);
    padding: 24px 0;
    text-align: center;
  }
  /* time charts */
  .timechart {
    display: flex;
    gap: 4px;
  }
  .yaxis {
    display: flex;
    flex-direction: column;
    justify-content: space-between;
    font-size: 11px;
    color: var(--nw-muted);
    text-align: right;
    min-width: 28px;
    padding-bottom: 18px;
  }
  .plotwrap {
    flex: 1;
    min-width: 0;
    position: relative;
  }
  svg.plot {
    width: 100%;
    height: 160px;
    display: block;
    border-bottom: 1px solid var(--nw-line);
  }
  svg .gridline {
    stroke: var(--nw-line);
    stroke-width: 1;
    vector-effect: non-scaling-stroke;
  }
  svg .area {
    fill-opacity: 0.35;
  }
  svg .line {
    fill: none;
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
  svg .hover rect {
    fill: transparent;
  }
  svg .hover rect:hover {
    fill: var(--primary-text-color);
    fill-opacity: 0.06;
  }
  .xaxis {
    position: relative;
    height: 18px;
    font-size: 11px;
    color: var(--nw-muted);
    overflow: hidden;
  }
  .xaxis span {
    position: absolute;
    top: 2px;
    transform: translateX(-50%);
    white-space: nowrap;
  }
  .caption {
    font-size: 11px;
    color: var(--nw-muted);
    text-align: right;
  }
  .legend {
    list-style: none;
    padding: 0;
    margin: 6px 0 0;
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    font-size: 12px;
  }
  .legend.vertical {
    flex-direction: column;
    flex-wrap: nowrap;
    flex: 1;
    min-width: 0;
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: 6px;
    min-width: 0;
  }
  .legend .lbl {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .legend .detail {
    display: block;
    color: var(--nw-muted);
    font-size: 11px;
  }
  .legend .num {
    color: var(--nw-muted);
    white-space: nowrap;
  }
  .swatch {
    width: 10px;
    height: 10px;
    border-radius: 2px;
    flex: none;
  }
  /* donut */
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(250px, 1fr));
    gap: 12px;
  }
  .donutwrap {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  svg.donut {
    width: 110px;
    height: 110px;
    flex: none;
  }
  svg.donut .center {
    font-size: 14px;
    font-weight: 600;
    text-anchor: middle;
    fill: var(--primary-text-color);
  }
  svg.donut .center-sub {
    font-size: 8px;
    text-anchor: middle;
    fill: var(--nw-muted);
  }
  /* big number */
  .big {
    font-size: 40px;
    font-weight: 500;
    line-height: 1.1;
    color: var(--error-color, #db4437);
  }
  .sub {
    color: var(--nw-muted);
    font-size: 12px;
  }
  svg.spark {
    width: 100%;
    height: 48px;
    display: block;
    margin-top: 8px;
  }
  /* horizontal bars */
  .hbars {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 4px;
    font-size: 13px;
  }
  .hbars li {
    display: grid;
    grid-template-columns: minmax(80px, 40%) 1fr auto;
    align-items: center;
    gap: 8px;
  }
  .hlabel {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .flag {
    margin-right: 4px;
  }
  .htrack {
    height: 10px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.1));
    border-radius: 5px;
    overflow: hidden;
  }
  .hbar {
    display: block;
    height: 100%;
    border-radius: 5px;
  }
  .hnum {
    color: var(--nw-muted);
    font-variant-numeric: tabular-nums;
  }
  /* tables */
  .scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 13px;
  }
  table.compact {
    margin-top: 8px;
  }
  th {
    text-align: left;
    font-weight: 500;
    color: var(--nw-muted);
    border-bottom: 1px solid var(--nw-line);
    padding: 4px 6px;
  }
  td {
    padding: 4px 6px;
    border-bottom: 1px solid var(--nw-line);
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .dev {
    font-weight: 500;
  }
  .addr {
    color: var(--nw-muted);
    font-size: 11px;
  }
  @container (max-width: 520px) {
    .panels {
      grid-template-columns: 1fr;
    }
    .wide-only {
      display: none;
    }
  }
`;var H=["1h","24h","7d","30d"],P=["outbound","denied_table","denied_share","drops","verdicts","countries","ports","devices"];var Q=15,_n={"1h":"1 h","24h":"24 h","7d":"7 d","30d":"30 d"};function yn(r){if(!r||typeof r!="object")throw new Error("netwatch-card: invalid configuration");if(r.range!==void 0&&!H.includes(r.range))throw new Error(`netwatch-card: range must be one of ${H.join(", ")}`);let e=r.panel!==void 0?[r.panel]:r.panels??[];for(let t of e)if(!P.includes(t))throw new Error(`netwatch-card: unknown panel "${t}" (use ${P.join(", ")})`);return r}function vn(r,e){let t=r??{};return t.code==="unknown_command"?"The netwatch websocket command is not available. Make sure the netwatch integration is installed and set up (Settings → Devices & services) and restart Home Assistant after installing or updating it.":t.code==="not_found"?"The netwatch entry set in this card (entry_id) does not exist: clear it or pick another in the card editor.":`Could not load netwatch data: ${t.message??(r instanceof Error?r.message:String(r))}. Check the Home Assistant log for netwatch errors; retrying every ${e} s.`}var $n=2e3,je=new Map;function xn(r,e,t=Date.now()){let n=JSON.stringify(e),s=je.get(n);if(s&&t-s.at<$n)return s.answer;let o=r.callWS(e);return je.set(n,{at:t,answer:o}),o.catch(()=>je.delete(n)),o}var $=class extends y{constructor(){super(...arguments);this._range="24h";this._loading=!1;this._seq=0;this._connectedAt=0;this._readyMarked=!1;this._fetchStartedAt=0;this._fetchedAt=0;this._onVisible=()=>{document.visibilityState==="visible"&&this._refreshNow()}}static getConfigElement(){return document.createElement("netwatch-card-editor")}static getStubConfig(){return{title:"Network",range:"24h"}}setConfig(t){let n=this._config;this._config=yn(t),(!n||n.range!==t.range)&&(this._range=t.range??"24h"),n&&(n.range!==t.range||n.entry_id!==t.entry_id)&&this._refreshNow()}set hass(t){let n=!this._hass;this._hass=t,n&&this.isConnected&&this._refreshNow()}get hass(){return this._hass}getCardSize(){return 3*this._panels().length}getGridOptions(){return this._panels().length>2?{columns:"full",min_columns:6}:{columns:12,min_columns:6}}connectedCallback(){super.connectedCallback(),this._connectedAt||(this._connectedAt=performance.now(),performance.mark("netwatch-card-connected")),document.addEventListener("visibilitychange",this._onVisible),this._hass&&this._refreshNow()}disconnectedCallback(){super.disconnectedCallback(),document.removeEventListener("visibilitychange",this._onVisible),window.clearTimeout(this._timer),this._timer=void 0}_panels(){let t=this._config;return t?.panel?[t.panel]:t?.panels?.length?t.panels:[...P]}_refreshS(){let t=Number(this._config?.refresh_interval??Q);return Number.isFinite(t)?Math.min(3600,Math.max(5,t)):Q}_refreshNow(){window.clearTimeout(this._timer),this._timer=void 0,this._fetch()}async _fetch(){let t=this._hass;if(!t||!this.isConnected)return;let n=++this._seq,s={type:"netwatch/panels",range:this._range};this._config?.entry_id&&(s.entry_id=this._config.entry_id),this._loading=!0,this._readyMarked||(this._fetchStartedAt=performance.now());try{let o=await xn(t,s);if(n!==this._seq)return;this._readyMarked||(this._fetchedAt=performance.now()),this._result=o,this._error=void 0}catch(o){if(n!==this._seq)return;this._error=vn(o,this._refreshS())}finally{n===this._seq&&(this._loading=!1,this._schedule())}}_schedule(){this.isConnected&&(window.clearTimeout(this._timer),this._timer=window.setTimeout(()=>{document.visibilityState==="hidden"?this._schedule():this._fetch()},this._refreshS()*1e3))}_pickRange(t){t!==this._range&&(this._range=t,this._refreshNow())}_ctx(){let t=this._hass,n=t?.locale?.language??t?.language??navigator.language??"en",s=t?.locale?.time_zone==="server"?t.config?.time_zone:void 0;return{language:n,timeZone:s,nowMs:Date.now()}}render(){let t=this._config;if(!t)return c``;let n=t.show_range_selector!==!1,s=this._result,o=this._panels(),i=t.title??(o.length===1?U[o[0]]:void 0);return c`<ha-card>
      <div class="header">
        <div>
          ${i?c`<h2 class="title">${i}</h2>`:h}
          ${s&&o.length>1?c`<div class="updated">updated ${me(s.generated_at,Date.now())} ago${this._loading?" · refreshing…":""}</div>`:h}
        </div>
        ${n?c`<div class="ranges" role="group" aria-label="Time range">
              ${H.map(a=>c`<button type="button" data-range=${a} aria-pressed=${a===this._range?"true":"false"}
                  @click=${()=>this._pickRange(a)}>${_n[a]}</button>`)}
            </div>`:h}
      </div>
      ${this._error?c`<div class="banner error" data-state="error">${this._error}</div>`:h}
      ${s?this._renderPanels(s):this._renderPlaceholder()}
    </ha-card>`}_renderPlaceholder(){return this._error&&!this._result?c``:c`<div class="loading" data-state="loading">Loading network data…</div>`}_renderPanels(t){let n=this._ctx(),s=Ct(t),o=this._panels(),i=o.map(l=>Pt(l,t)),a=Rt(i,s);return c`
      ${a.banners.map((l,d)=>c`<div class="banner" data-state=${s&&d===0?"no_data":"hint"}>${l}</div>`)}
      <div class="panels ${t.range===this._range?"":"stale"}" data-range=${t.range}>
        ${o.map((l,d)=>{let p=i[d],u=o.length===1,f=!u&&$t.has(l);return c`<section class="panel ${f?"wide":""} ${u?"single":""}" data-panel=${l} data-state=${p.kind}>
            ${u?h:c`<h3>${U[l]}</h3>`}
            ${p.kind==="data"?wt[l](t,n):c`<div class="state">${a.panelText[d]}</div>`}
          </section>`})}
      </div>
    `}updated(t){if(super.updated(t),!this._readyMarked&&this._result&&this._result.range===this._range){this._readyMarked=!0;let n=performance.now(),s=n-this._connectedAt;performance.mark("netwatch-card-ready",{detail:{sinceConnectedMs:s,waitHassMs:this._fetchStartedAt-this._connectedAt,fetchMs:this._fetchedAt-this._fetchStartedAt,drawMs:n-this._fetchedAt}}),this.setAttribute("data-ready",s.toFixed(1))}}};$.styles=kt,_([w()],$.prototype,"_config",2),_([w()],$.prototype,"_range",2),_([w()],$.prototype,"_result",2),_([w()],$.prototype,"_error",2),_([w()],$.prototype,"_loading",2);var ee={title:"Title",range:"Default time range",panels:"Panels (none selected = all)",refresh_interval:"Refresh every (seconds)",show_range_selector:"Show the time range selector",entry_id:"netwatch entry (only with several)"};function wn(){return[{name:"title",selector:{text:{}}},{name:"range",selector:{select:{mode:"dropdown",options:H.map(r=>({value:r,label:r}))}}},{name:"panels",selector:{select:{multiple:!0,mode:"list",options:P.map(r=>({value:r,label:U[r]}))}}},{name:"refresh_interval",selector:{number:{min:5,max:3600,mode:"box",unit_of_measurement:"s"}}},{name:"show_range_selector",selector:{boolean:{}}},{name:"entry_id",selector:{config_entry:{integration:"netwatch"}}}]}function F(r,e,t){let n={...r};return e==="panels"&&delete n.panel,t===void 0||t===""||Array.isArray(t)&&t.length===0?delete n[e]:n[e]=t,n}async function Sn(){let r=window.loadCardHelpers;if(r)try{await(await(await r()).createCardElement({type:"entities",entities:[]})).constructor.getConfigElement?.()}catch{}}var I=class extends y{constructor(){super(...arguments);this._haForm=!1}set hass(t){this._hass=t,this.requestUpdate()}setConfig(t){this._config=t}connectedCallback(){super.connectedCallback(),this._haForm=customElements.get("ha-form")!==void 0,this._haForm||(customElements.whenDefined("ha-form").then(()=>this._haForm=!0),Sn())}_emit(t){this._config=t,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:t},bubbles:!0,composed:!0}))}_formChanged(t){let n={...this._config};for(let[s,o]of Object.entries(t.detail.value))n=F(n,s,o);for(let s of Object.keys(n))s!=="type"&&!(s in t.detail.value)&&(n=F(n,s,void 0));this._emit(n)}render(){let t=this._config;if(!t)return c``;if(this._haForm){let n={refresh_interval:Q,show_range_selector:!0,...t,panels:t.panel?[t.panel]:t.panels};return c`<ha-form
        .hass=${this._hass}
        .data=${n}
        .schema=${wn()}
        .computeLabel=${s=>ee[s.name]??s.name}
        @value-changed=${this._formChanged}
      ></ha-form>`}return this._renderPlain(t)}_renderPlain(t){let n=new Set(t.panel?[t.panel]:t.panels??[]),s=(o,i)=>{let a=P.filter(l=>l===o?i:n.has(l));this._emit(F(t,"panels",a))};return c`<div class="plain">
      <label>${ee.title}
        <input name="title" .value=${t.title??""} @change=${o=>this._emit(F(t,"title",o.target.value))} />
      </label>
      <label>${ee.range}
        <select name="range" @change=${o=>this._emit(F(t,"range",o.target.value))}>
          ${H.map(o=>c`<option value=${o} ?selected=${(t.range??"24h")===o}>${o}</option>`)}
        </select>
      </label>
      <div>${ee.panels}
        <div class="checks">
          ${P.map(o=>c`<label><input type="checkbox" name=${o} .checked=${n.has(o)}
              @change=${i=>s(o,i.target.checked)} />${U[o]}</label>`)}
        </div>
      </div>
      <label>${ee.refresh_interval}
        <input name="refresh_interval" type="number" min="5" max="3600" .value=${String(t.refresh_interval??Q)}
          @change=${o=>this._emit(F(t,"refresh_interval",Number(o.target.value)))} />
      </label>
      ${h}
    </div>`}};I.styles=R`
    .plain {
      display: grid;
      gap: 12px;
    }
    label {
      display: grid;
      gap: 4px;
      font-size: 14px;
    }
    .checks {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
    }
    .checks label {
      display: flex;
      align-items: center;
    }
  `,_([w()],I.prototype,"_config",2),_([w()],I.prototype,"_haForm",2);var An=r=>({type:"custom:netwatch-card",panel:r}),Be=(r,e)=>({type:"grid",cards:[{type:"heading",heading:r},...e.map(An)]});function En(){return{title:"Network",views:[{title:"Network",path:"network",icon:"mdi:lan",type:"panel",cards:[{type:"custom:netwatch-card",title:"Network",range:"24h"}]},{title:"Firewall",path:"firewall",icon:"mdi:wall-fire",type:"sections",max_columns:3,sections:[Be("Denied inbound",["drops","verdicts","countries"]),Be("Ports and protocols",["denied_share","ports","denied_table"]),Be("Traffic",["outbound","devices"])]}]}}var qe=class extends HTMLElement{static async generate(){return En()}},z=class extends y{constructor(){super(...arguments);this.narrow=!1}render(){return this.card||(this.card=document.createElement("netwatch-card"),this.card.setConfig({type:"custom:netwatch-card",title:"Network",range:"24h"})),this.card.hass=this.hass,c`
      <div class="toolbar">
        <ha-menu-button .hass=${this.hass} .narrow=${this.narrow}></ha-menu-button>
        <span>Network</span>
      </div>
      <div class="content">${this.card}</div>
    `}};z.styles=R`
    :host { display: block; height: 100%; background: var(--primary-background-color); }
    .toolbar {
      display: flex; align-items: center; gap: 8px; height: var(--header-height, 56px); padding: 0 12px;
      font-size: 20px; color: var(--app-header-text-color, var(--primary-text-color));
      background: var(--app-header-background-color, var(--primary-background-color));
      border-bottom: 1px solid var(--divider-color);
    }
    .content { padding: 8px; }
  `,_([J({attribute:!1})],z.prototype,"hass",2),_([J({type:Boolean})],z.prototype,"narrow",2);customElements.get("ll-strategy-dashboard-netwatch")||(customElements.define("ll-strategy-dashboard-netwatch",qe),customElements.define("netwatch-panel",z));customElements.get("netwatch-card")||(customElements.define("netwatch-card",$),customElements.define("netwatch-card-editor",I),window.customCards=window.customCards??[],window.customCards.push({type:"netwatch-card",name:"netwatch",description:"Network panels from netwatch: destinations, denied traffic, countries, ports, allow/deny and devices.",preview:!0}),console.info("%c netwatch-card 0.1.0 ","background:#4e79a7;color:#fff;border-radius:3px"));
