/*! netwatch-card 0.1.0 | Apache-2.0 | built from frontend/ by `npm run build`; do not edit */
var pn=Object.defineProperty;var hn=Object.getOwnPropertyDescriptor;var b=(r,e,t,n)=>{for(var s=n>1?void 0:n?hn(e,t):e,o=r.length-1,i;o>=0;o--)(i=r[o])&&(s=(n?i(e,t,s):i(s))||s);return n&&s&&pn(e,t,s),s};var me=globalThis,fe=me.ShadowRoot&&(me.ShadyCSS===void 0||me.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,Me=Symbol(),pt=new WeakMap,te=class{constructor(e,t,n){if(this._$cssResult$=!0,n!==Me)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(fe&&e===void 0){let n=t!==void 0&&t.length===1;n&&(e=pt.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),n&&pt.set(t,e))}return e}toString(){return this.cssText}},ht=r=>new te(typeof r=="string"?r:r+"",void 0,Me),k=(r,...e)=>{let t=r.length===1?r[0]:e.reduce((n,s,o)=>n+(i=>{if(i._$cssResult$===!0)return i.cssText;if(typeof i=="number")return i;throw Error("Value passed to 'css' function must be a 'css' function result: "+i+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(s)+r[o+1],r[0]);return new te(t,r,Me)},mt=(r,e)=>{if(fe)r.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let n=document.createElement("style"),s=me.litNonce;s!==void 0&&n.setAttribute("nonce",s),n.textContent=t.cssText,r.appendChild(n)}},Le=fe?r=>r:r=>r instanceof CSSStyleSheet?(e=>{let t="";for(let n of e.cssRules)t+=n.cssText;return ht(t)})(r):r;var{is:mn,defineProperty:fn,getOwnPropertyDescriptor:gn,getOwnPropertyNames:bn,getOwnPropertySymbols:yn,getPrototypeOf:_n}=Object,ge=globalThis,ft=ge.trustedTypes,vn=ft?ft.emptyScript:"",$n=ge.reactiveElementPolyfillSupport,ne=(r,e)=>r,re={toAttribute(r,e){switch(e){case Boolean:r=r?vn:null;break;case Object:case Array:r=r==null?r:JSON.stringify(r)}return r},fromAttribute(r,e){let t=r;switch(e){case Boolean:t=r!==null;break;case Number:t=r===null?null:Number(r);break;case Object:case Array:try{t=JSON.parse(r)}catch{t=null}}return t}},be=(r,e)=>!mn(r,e),gt={attribute:!0,type:String,converter:re,reflect:!1,useDefault:!1,hasChanged:be};Symbol.metadata??=Symbol("metadata"),ge.litPropertyMetadata??=new WeakMap;var M=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=gt){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),s=this.getPropertyDescriptor(e,n,t);s!==void 0&&fn(this.prototype,e,s)}}static getPropertyDescriptor(e,t,n){let{get:s,set:o}=gn(this.prototype,e)??{get(){return this[t]},set(i){this[t]=i}};return{get:s,set(i){let a=s?.call(this);o?.call(this,i),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??gt}static _$Ei(){if(this.hasOwnProperty(ne("elementProperties")))return;let e=_n(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(ne("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(ne("properties"))){let t=this.properties,n=[...bn(t),...yn(t)];for(let s of n)this.createProperty(s,t[s])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[n,s]of t)this.elementProperties.set(n,s)}this._$Eh=new Map;for(let[t,n]of this.elementProperties){let s=this._$Eu(t,n);s!==void 0&&this._$Eh.set(s,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let s of n)t.unshift(Le(s))}else e!==void 0&&t.push(Le(e));return t}static _$Eu(e,t){let n=t.attribute;return n===!1?void 0:typeof n=="string"?n:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return mt(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),s=this.constructor._$Eu(e,n);if(s!==void 0&&n.reflect===!0){let o=(n.converter?.toAttribute!==void 0?n.converter:re).toAttribute(t,n.type);this._$Em=e,o==null?this.removeAttribute(s):this.setAttribute(s,o),this._$Em=null}}_$AK(e,t){let n=this.constructor,s=n._$Eh.get(e);if(s!==void 0&&this._$Em!==s){let o=n.getPropertyOptions(s),i=typeof o.converter=="function"?{fromAttribute:o.converter}:o.converter?.fromAttribute!==void 0?o.converter:re;this._$Em=s;let a=i.fromAttribute(t,o.type);this[s]=a??this._$Ej?.get(s)??a,this._$Em=null}}requestUpdate(e,t,n,s=!1,o){if(e!==void 0){let i=this.constructor;if(s===!1&&(o=this[e]),n??=i.getPropertyOptions(e),!((n.hasChanged??be)(o,t)||n.useDefault&&n.reflect&&o===this._$Ej?.get(e)&&!this.hasAttribute(i._$Eu(e,n))))return;this.C(e,t,n)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:s,wrapped:o},i){n&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,i??t??this[e]),o!==!0||i!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),s===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[s,o]of this._$Ep)this[s]=o;this._$Ep=void 0}let n=this.constructor.elementProperties;if(n.size>0)for(let[s,o]of n){let{wrapped:i}=o,a=this[s];i!==!0||this._$AL.has(s)||a===void 0||this.C(s,void 0,o,a)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(n=>n.hostUpdate?.()),this.update(t)):this._$EM()}catch(n){throw e=!1,this._$EM(),n}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};M.elementStyles=[],M.shadowRootOptions={mode:"open"},M[ne("elementProperties")]=new Map,M[ne("finalized")]=new Map,$n?.({ReactiveElement:M}),(ge.reactiveElementVersions??=[]).push("2.1.2");var ze=globalThis,bt=r=>r,ye=ze.trustedTypes,yt=ye?ye.createPolicy("lit-html",{createHTML:r=>r}):void 0,St="$lit$",F=`lit$${Math.random().toFixed(9).slice(2)}$`,Et="?"+F,wn=`<${Et}>`,q=document,oe=()=>q.createComment(""),ie=r=>r===null||typeof r!="object"&&typeof r!="function",Ue=Array.isArray,xn=r=>Ue(r)||typeof r?.[Symbol.iterator]=="function",Ne=`[ 	
\f\r]`,se=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,_t=/-->/g,vt=/>/g,U=RegExp(`>|${Ne}(?:([^\\s"'>=/]+)(${Ne}*=${Ne}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),$t=/'/g,wt=/"/g,kt=/^(?:script|style|textarea|title)$/i,je=r=>(e,...t)=>({_$litType$:r,strings:e,values:t}),c=je(1),L=je(2),fr=je(3),B=Symbol.for("lit-noChange"),h=Symbol.for("lit-nothing"),xt=new WeakMap,j=q.createTreeWalker(q,129);function Rt(r,e){if(!Ue(r)||!r.hasOwnProperty("raw"))throw Error("invalid template strings array");return yt!==void 0?yt.createHTML(e):e}var Sn=(r,e)=>{let t=r.length-1,n=[],s,o=e===2?"<svg>":e===3?"<math>":"",i=se;for(let a=0;a<t;a++){let l=r[a],d,u,p=-1,f=0;for(;f<l.length&&(i.lastIndex=f,u=i.exec(l),u!==null);)f=i.lastIndex,i===se?u[1]==="!--"?i=_t:u[1]!==void 0?i=vt:u[2]!==void 0?(kt.test(u[2])&&(s=RegExp("</"+u[2],"g")),i=U):u[3]!==void 0&&(i=U):i===U?u[0]===">"?(i=s??se,p=-1):u[1]===void 0?p=-2:(p=i.lastIndex-u[2].length,d=u[1],i=u[3]===void 0?U:u[3]==='"'?wt:$t):i===wt||i===$t?i=U:i===_t||i===vt?i=se:(i=U,s=void 0);let g=i===U&&r[a+1].startsWith("/>")?" ":"";o+=i===se?l+wn:p>=0?(n.push(d),l.slice(0,p)+St+l.slice(p)+F+g):l+F+(p===-2?a:g)}return[Rt(r,o+(r[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),n]},ae=class r{constructor({strings:e,_$litType$:t},n){let s;this.parts=[];let o=0,i=0,a=e.length-1,l=this.parts,[d,u]=Sn(e,t);if(this.el=r.createElement(d,n),j.currentNode=this.el.content,t===2||t===3){let p=this.el.content.firstChild;p.replaceWith(...p.childNodes)}for(;(s=j.nextNode())!==null&&l.length<a;){if(s.nodeType===1){if(s.hasAttributes())for(let p of s.getAttributeNames())if(p.endsWith(St)){let f=u[i++],g=s.getAttribute(p).split(F),$=/([.?@])?(.*)/.exec(f);l.push({type:1,index:o,name:$[2],strings:g,ctor:$[1]==="."?De:$[1]==="?"?Oe:$[1]==="@"?Fe:K}),s.removeAttribute(p)}else p.startsWith(F)&&(l.push({type:6,index:o}),s.removeAttribute(p));if(kt.test(s.tagName)){let p=s.textContent.split(F),f=p.length-1;if(f>0){s.textContent=ye?ye.emptyScript:"";for(let g=0;g<f;g++)s.append(p[g],oe()),j.nextNode(),l.push({type:2,index:++o});s.append(p[f],oe())}}}else if(s.nodeType===8)if(s.data===Et)l.push({type:2,index:o});else{let p=-1;for(;(p=s.data.indexOf(F,p+1))!==-1;)l.push({type:7,index:o}),p+=F.length-1}o++}}static createElement(e,t){let n=q.createElement("template");return n.innerHTML=e,n}};function G(r,e,t=r,n){if(e===B)return e;let s=n!==void 0?t._$Co?.[n]:t._$Cl,o=ie(e)?void 0:e._$litDirective$;return s?.constructor!==o&&(s?._$AO?.(!1),o===void 0?s=void 0:(s=new o(r),s._$AT(r,t,n)),n!==void 0?(t._$Co??=[])[n]=s:t._$Cl=s),s!==void 0&&(e=G(r,s._$AS(r,e.values),s,n)),e}var Ie=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,s=(e?.creationScope??q).importNode(t,!0);j.currentNode=s;let o=j.nextNode(),i=0,a=0,l=n[0];for(;l!==void 0;){if(i===l.index){let d;l.type===2?d=new le(o,o.nextSibling,this,e):l.type===1?d=new l.ctor(o,l.name,l.strings,this,e):l.type===6&&(d=new He(o,this,e)),this._$AV.push(d),l=n[++a]}i!==l?.index&&(o=j.nextNode(),i++)}return j.currentNode=q,s}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings!==void 0?(n._$AI(e,n,t),t+=n.strings.length-2):n._$AI(e[t])),t++}},le=class r{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,s){this.type=2,this._$AH=h,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=s,this._$Cv=s?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=G(this,e,t),ie(e)?e===h||e==null||e===""?(this._$AH!==h&&this._$AR(),this._$AH=h):e!==this._$AH&&e!==B&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):xn(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==h&&ie(this._$AH)?this._$AA.nextSibling.data=e:this.T(q.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,s=typeof n=="number"?this._$AC(e):(n.el===void 0&&(n.el=ae.createElement(Rt(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===s)this._$AH.p(t);else{let o=new Ie(s,this),i=o.u(this.options);o.p(t),this.T(i),this._$AH=o}}_$AC(e){let t=xt.get(e.strings);return t===void 0&&xt.set(e.strings,t=new ae(e)),t}k(e){Ue(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,n,s=0;for(let o of e)s===t.length?t.push(n=new r(this.O(oe()),this.O(oe()),this,this.options)):n=t[s],n._$AI(o),s++;s<t.length&&(this._$AR(n&&n._$AB.nextSibling,s),t.length=s)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let n=bt(e).nextSibling;bt(e).remove(),e=n}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},K=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,s,o){this.type=1,this._$AH=h,this._$AN=void 0,this.element=e,this.name=t,this._$AM=s,this.options=o,n.length>2||n[0]!==""||n[1]!==""?(this._$AH=Array(n.length-1).fill(new String),this.strings=n):this._$AH=h}_$AI(e,t=this,n,s){let o=this.strings,i=!1;if(o===void 0)e=G(this,e,t,0),i=!ie(e)||e!==this._$AH&&e!==B,i&&(this._$AH=e);else{let a=e,l,d;for(e=o[0],l=0;l<o.length-1;l++)d=G(this,a[n+l],t,l),d===B&&(d=this._$AH[l]),i||=!ie(d)||d!==this._$AH[l],d===h?e=h:e!==h&&(e+=(d??"")+o[l+1]),this._$AH[l]=d}i&&!s&&this.j(e)}j(e){e===h?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},De=class extends K{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===h?void 0:e}},Oe=class extends K{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==h)}},Fe=class extends K{constructor(e,t,n,s,o){super(e,t,n,s,o),this.type=5}_$AI(e,t=this){if((e=G(this,e,t,0)??h)===B)return;let n=this._$AH,s=e===h&&n!==h||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,o=e!==h&&(n===h||s);s&&this.element.removeEventListener(this.name,this,n),o&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},He=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){G(this,e)}};var En=ze.litHtmlPolyfillSupport;En?.(ae,le),(ze.litHtmlVersions??=[]).push("3.3.3");var Pt=(r,e,t)=>{let n=t?.renderBefore??e,s=n._$litPart$;if(s===void 0){let o=t?.renderBefore??null;n._$litPart$=s=new le(e.insertBefore(oe(),o),o,void 0,t??{})}return s._$AI(r),s};var qe=globalThis,w=class extends M{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=Pt(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return B}};w._$litElement$=!0,w.finalized=!0,qe.litElementHydrateSupport?.({LitElement:w});var kn=qe.litElementPolyfillSupport;kn?.({LitElement:w});(qe.litElementVersions??=[]).push("4.2.2");var Rn={attribute:!0,type:String,converter:re,reflect:!1,hasChanged:be},Pn=(r=Rn,e,t)=>{let{kind:n,metadata:s}=t,o=globalThis.litPropertyMetadata.get(s);if(o===void 0&&globalThis.litPropertyMetadata.set(s,o=new Map),n==="setter"&&((r=Object.create(r)).wrapped=!0),o.set(t.name,r),n==="accessor"){let{name:i}=t;return{set(a){let l=e.get.call(this);e.set.call(this,a),this.requestUpdate(i,l,r,!0,a)},init(a){return a!==void 0&&this.C(i,void 0,r,a),a}}}if(n==="setter"){let{name:i}=t;return function(a){let l=this[i];e.call(this,a),this.requestUpdate(i,l,r,!0,a)}}throw Error("Unsupported decorator location: "+n)};function S(r){return(e,t)=>typeof t=="object"?Pn(r,e,t):((n,s,o)=>{let i=s.hasOwnProperty(o);return s.constructor.createProperty(o,n),i?Object.getOwnPropertyDescriptor(s,o):void 0})(r,e,t)}function v(r){return S({...r,state:!0,attribute:!1})}function Ve(r){if(!r||!/^[A-Za-z]{2}$/.test(r))return"🌐";let e=127397,t=r.toUpperCase();return String.fromCodePoint(e+t.charCodeAt(0),e+t.charCodeAt(1))}var At=new Map,Ct=new Map;function ce(r,e){let t=`${r}|${JSON.stringify(e)}`,n=At.get(t);return n||(n=new Intl.DateTimeFormat(r,e),At.set(t,n)),n}function Mt(r,e){let t=`${r}|${JSON.stringify(e)}`,n=Ct.get(t);return n||(n=new Intl.NumberFormat(r,e),Ct.set(t,n)),n}var ve=new Map;function R(r,e="en"){if(!r)return"Unknown";if(!ve.has(e))try{ve.set(e,new Intl.DisplayNames([e,"en"],{type:"region"}))}catch{ve.set(e,null)}let t=ve.get(e);try{return t?.of(r.toUpperCase())??r}catch{return r}}var Tt=["B","kB","MB","GB","TB","PB"];function N(r){if(!Number.isFinite(r))return"–";let e=r<0?"-":"",t=Math.abs(r),n=0;for(;t>=999.95&&n<Tt.length-1;)t/=1e3,n+=1;let s=n===0?String(Math.round(t)):t.toFixed(t<10?2:t<100?1:0);return`${e}${s} ${Tt[n]}`}function We(r){let e=r*8;return N(e).replace(/B$/,"bit/s")}function Ze(r,e="en"){return Mt(e,{notation:"compact",maximumFractionDigits:1}).format(r)}function m(r,e="en"){return Mt(e,{maximumFractionDigits:0}).format(r)}function Lt(r){let e=r.reduce((i,a)=>i+Math.max(0,a),0);if(e<=0)return r.map(()=>0);let t=r.map(i=>Math.max(0,i)*100/e),n=t.map(Math.floor),s=100-n.reduce((i,a)=>i+a,0),o=t.map((i,a)=>[i-Math.floor(i),a]).sort((i,a)=>a[0]-i[0]||i[1]-a[1]);for(let[,i]of o){if(s<=0)break;n[i]+=1,s-=1}return n}function Ge(r,e,t,n){let s=[...r].sort((a,l)=>t(l)-t(a));if(s.length<=e)return s;let o=s.slice(e),i=o.reduce((a,l)=>a+t(l),0);return i>0?[...s.slice(0,e),n(i,o.length)]:s.slice(0,e)}function Ke(r){if(!(r>0))return 1;let t=10**Math.floor(Math.log10(r));for(let n of[1,2,5,10])if(r<=n*t+1e-9*t)return Math.max(1,n*t);return 10*t}function Nt(r){let e=[],t=null;for(let n of r){let s=n.map((o,i)=>o+(t?t[i]??0:0));e.push(s),t=s}return e}function we(r,e,t,n){let s=r.length,o=n>0?t/n:0;return r.map((i,a)=>{let l=s<=1?e/2:a*e/(s-1),d=t-Math.min(n,Math.max(0,i))*o;return[$e(l),$e(d)]})}function xe(r){return r.map(([e,t],n)=>`${n===0?"M":"L"}${e},${t}`).join("")}function Je(r,e){if(r.length===0)return"";let t=[...e].reverse();return`${xe(r)}${t.map(([n,s])=>`L${n},${s}`).join("")}Z`}function It(r,e,t,n,s){let o=r.reduce((a,l)=>a+Math.max(0,l),0),i=0;return r.map(a=>{let l=o>0?Math.max(0,a)/o*2*Math.PI:0,d={start:i,end:i+l,path:Be(e,t,n,s,i,i+l)};return i+=l,d})}function Be(r,e,t,n,s,o){let i=o-s;if(i<=0)return"";if(i>=2*Math.PI-1e-9)return Be(r,e,t,n,s,s+Math.PI)+Be(r,e,t,n,s+Math.PI,o-1e-9);let a=i>Math.PI?1:0,l=(d,u)=>`${$e(r+d*Math.sin(u))},${$e(e-d*Math.cos(u))}`;return`M${l(t,s)}A${t},${t} 0 ${a} 1 ${l(t,o)}L${l(n,o)}A${n},${n} 0 ${a} 0 ${l(n,s)}Z`}function An(r,e){let t=ce("en-US",{timeZone:e,hourCycle:"h23",year:"numeric",month:"numeric",day:"numeric",hour:"numeric",minute:"numeric",second:"numeric"}),n={};for(let o of t.formatToParts(new Date(r*1e3)))o.type!=="literal"&&(n[o.type]=Number(o.value));return Date.UTC(n.year,n.month-1,n.day,n.hour,n.minute,n.second)/1e3-r}var Cn={"1h":{hour:"2-digit",minute:"2-digit",hourCycle:"h23"},"24h":{hour:"2-digit",minute:"2-digit",hourCycle:"h23"},"7d":{weekday:"short",hour:"2-digit",hourCycle:"h23"},"30d":{month:"short",day:"numeric"}};function Dt(r,e,t="en",n){if(e==="7d"){let s=ce(t,{weekday:"short",timeZone:n}).format(r*1e3),o=ce(t,{hour:"2-digit",minute:"2-digit",hourCycle:"h23",timeZone:n});return`${s} ${o.format(r*1e3)}`}return ce(t,{...Cn[e],timeZone:n}).format(r*1e3)}var Tn={"1h":900,"24h":4*3600,"7d":86400,"30d":7*86400};function Ot(r,e,t){if(r.length===0)return[];let n=Tn[e],s=An(r[r.length-1],t),o=[];return r.forEach((i,a)=>{((i+s)%n+n)%n===0&&o.push(a)}),o}function Xe(r){return r==="ipv6-icmp"?"ICMPv6":/^\d+$/.test(r)?`proto ${r}`:r==="other"?r:r.toUpperCase()}function J(r,e,t){let n=Xe(e),s=r>0?`${r}/${n}`:n;return t?`${s} (${t})`:s}function Se(...r){return r.some(e=>e.some(t=>t>0))}function Ee(r,e){if(!r)return"–";let t=Date.parse(r);if(Number.isNaN(t))return"–";let n=Math.max(0,Math.round((e-t)/1e3));return n<60?`${n} s`:n<3600?`${Math.floor(n/60)} min`:n<86400?`${Math.floor(n/3600)} h`:`${Math.floor(n/86400)} d`}function $e(r){return Math.round(r*100)/100}var Mn=[60,120,300,600,900,1200,1800,3600,7200,10800,14400,21600,28800,43200,86400,172800,604800];function Ye(r,e,t){let n=Math.ceil(r/Math.max(1,t));if(n<=1)return 1;for(let s of Mn){let o=s/e;if(Number.isInteger(o)&&o>=n)return o}return n}function Qe(r,e){let t=[];for(let n=0;n<r.length;n+=e){let s=0;for(let o=n;o<Math.min(n+e,r.length);o++)s+=r[o]??0;t.push(s)}return t}function C(r){return r%86400===0?`${r/86400} d`:r%3600===0?`${r/3600} h`:r%60===0?`${r/60} min`:`${r} s`}function Ft(r){return r<=2*3600?"1h":r<=2*86400?"24h":r<=10*86400?"7d":"30d"}function Ht(r,e){if(r.length<=e)return[...r];let t=Math.ceil(r.length/Math.max(1,e));return r.filter((n,s)=>s%t===0)}function H(r,e="en",t){return ce(e,{weekday:"short",day:"numeric",month:"short",hour:"2-digit",minute:"2-digit",hourCycle:"h23",timeZone:t}).format(r*1e3)}function et(r,e){return r?e?`AS${r} ${e}`:`AS${r}`:""}var V=r=>new Date(r*1e3).toISOString().replace(/\.\d+Z$/,"Z");function zt(r,e){return{columns:["bucket_start",...e.map(t=>t.label)],rows:r.buckets.map((t,n)=>[V(t),...e.map(s=>s.counts[n]??0)])}}function Ut(r,e){let t=e.names??{};switch(r){case"outbound":return{columns:["address","hostname","asn","as_org","country","flows","bytes"],rows:e.outbound_destinations.top.map(n=>[n.address,t[n.address]?.hostname??null,t[n.address]?.asn??null,t[n.address]?.as_org??null,n.country,n.flows,n.bytes])};case"denied_table":return{columns:["port","protocol","service","country","attempts"],rows:e.inbound_denied_table.map(n=>[n.port,n.protocol,n.service,n.country,n.count])};case"denied_share":return{columns:["kind","port","protocol","service","attempts"],rows:[...e.denied_share.by_protocol.map(n=>["protocol",null,n.protocol,null,n.count]),...e.denied_share.by_port.map(n=>["port",n.port,n.protocol,n.service,n.count])]};case"drops":return zt(e,[{label:"denied_inbound",counts:e.inbound_drops.counts}]);case"verdicts":{let n=e.verdicts;return{columns:["verdict","count","bytes"],rows:[["allow",n.allow,n.allow_bytes],["deny",n.deny,n.deny_bytes],["reject",n.reject,null]]}}case"countries":return{columns:["country","attempts"],rows:e.denied_by_country.map(n=>[n.country,n.count])};case"ports":return zt(e,e.denied_ports_over_time.series.map(n=>({label:n.protocol==="other"?"other":J(n.port??0,n.protocol),counts:n.counts})));case"devices":return{columns:["address","name","mac","bytes_in","bytes_out","flows","denied_inbound","last_seen"],rows:e.devices.map(n=>[n.address,n.name,n.mac,n.bytes_in,n.bytes_out,n.flows,n.denied_inbound,n.last_seen])};case"outbound_countries":return{columns:["country","flows","bytes"],rows:e.outbound_countries.map(n=>[n.country,n.flows,n.bytes])};case"sources":return{columns:["address","hostname","asn","as_org","country","attempts","denied","flows","port_count","ports","target_count","first_seen","last_seen","verdict"],rows:e.sources.top.map(n=>[n.address,t[n.address]?.hostname??null,t[n.address]?.asn??null,t[n.address]?.as_org??null,n.country,n.attempts,n.denied,n.flows,n.port_count,n.ports.join(" "),n.target_count,n.first_seen,n.last_seen,n.verdict])}}}function Ln(r){if(r===null)return"";let e=String(r);return/[",\n\r]/.test(e)?`"${e.replace(/"/g,'""')}"`:e}function Nn(r,e){let t=Ut(r,e),n=Object.entries(e.filters).map(([s,o])=>`${s}=${o}`).join(" ")||"none";return[`# netwatch ${r} ${V(e.start)}..${V(e.end)} (${e.range})`,`# filters: ${n}`,t.columns.join(","),...t.rows.map(s=>s.map(Ln).join(","))].join(`\r
`)+`\r
`}function In(r,e){let t=Ut(r,e),n=t.rows.map(s=>Object.fromEntries(t.columns.map((o,i)=>[o,s[i]])));return`${JSON.stringify({panel:r,range:e.range,start:V(e.start),end:V(e.end),filters:e.filters,accuracy:e.accuracy[r]??null,generated_at:e.generated_at,rows:n},null,2)}
`}function Dn(r,e,t){let n=["netwatch",r,e.range==="custom"?`${V(e.start)}-${V(e.end)}`:e.range];for(let[s,o]of Object.entries(e.filters))n.push(`${s}-${o}`);return`${n.join("-").replace(/[^A-Za-z0-9._-]+/g,"_")}.${t}`}function tt(r,e,t){let n=t==="csv"?Nn(r,e):In(r,e),s=new Blob([n],{type:t==="csv"?"text/csv":"application/json"}),o=document.createElement("a");o.href=URL.createObjectURL(s),o.download=Dn(r,e,t),document.body.append(o),o.click(),o.remove(),setTimeout(()=>URL.revokeObjectURL(o.href),1e3)}var jt=["#4e79a7","#f28e2b","#59a14f","#e15759","#76b7b2","#edc948","#b07aa1","#ff9da7","#9c755f","#8cd17d"],ke="var(--netwatch-color-other, var(--disabled-text-color, #9e9e9e))";function Re(r){return`var(--netwatch-color-${r+1}, ${jt[r%jt.length]})`}function Pe(r,e,t,n){let s=It(r.map(a=>a.value),50,50,48,32),o=Lt(r.map(a=>a.value)),i=(a,l)=>`${a.label}: ${a.detail??m(a.value,n)} (${o[l]} %)`;return c`
    <div class="donutwrap">
      <svg class="donut" viewBox="0 0 100 100" role="img" aria-label=${r.map(i).join("; ")}>
        ${s.map((a,l)=>L`<path d="${a.path}" fill="${r[l].color}"><title>${i(r[l],l)}</title></path>`)}
        <text x="50" y="49" class="center">${e}</text>
        <text x="50" y="61" class="center-sub">${t}</text>
      </svg>
      <ul class="legend vertical">
        ${r.map((a,l)=>{let d=c`<span class="swatch" style="background:${a.color}"></span>
            <span class="lbl">${a.label}${a.detail?c`<span class="detail">${a.detail}</span>`:h}</span>
            <span class="num">${a.detail?"":`${m(a.value,n)} · `}${o[l]} %</span>`;return c`<li title=${i(a,l)}>
            ${a.pick?c`<button type="button" class="pick" @click=${a.pick} aria-label=${`Filter to ${i(a,l)}`}>${d}</button>`:d}
          </li>`})}
      </ul>
    </div>
  `}function nt(r){let e=Math.max(1,...r.map(t=>t.value));return c`<ul class="hbars">
    ${r.map(t=>{let n=c`<span class="hlabel">${t.label}</span>
        <span class="htrack"><span class="hbar" style="width:${(t.value/e*100).toFixed(1)}%;background:${t.color??"var(--primary-color)"}"></span></span>
        <span class="hnum">${t.text}</span>`;return c`<li title="${t.title}: ${t.text}">
        ${t.pick?c`<button type="button" class="pick row" @click=${t.pick} aria-label=${`Filter to ${t.title}: ${t.text}`}>${n}</button>`:c`<div class="row">${n}</div>`}
      </li>`})}
  </ul>`}var W;function On(){let r=globalThis.__netwatchFlags;if(r!==void 0)return r;if(W!==void 0)return W;W=!1;try{let e=document.createElement("canvas");e.width=e.height=20;let t=e.getContext("2d",{willReadFrequently:!0});if(t){t.textBaseline="top",t.font="16px sans-serif",t.fillText(Ve("CN"),0,0);let n=t.getImageData(0,0,20,20).data;for(let s=0;s<n.length&&!W;s+=4)n[s+3]>128&&n[s]-n[s+2]>80&&(W=!0)}}catch{W=!1}return W}function P(r,e,t=!0){let n=R(r,e),s=r?On()?c`<span class="flag" aria-hidden="true">${Ve(r)}</span>`:c`<span class="cc" aria-hidden="true">${r.toUpperCase()}</span>`:c`<span class="cc unknown" aria-hidden="true">??</span>`;return t?c`${s}<span class="cname">${n}</span>`:c`<span title=${n}>${s}</span>`}var I={outbound:"Outbound destinations",denied_table:"Inbound denied",denied_share:"Denied share",drops:"Inbound drops",verdicts:"Allow vs deny",countries:"Denied by country",ports:"Denied ports over time",devices:"Devices",outbound_countries:"Outbound countries",sources:"Sources and scans"},qt=new Set(["outbound","ports","devices","denied_table","sources"]),Fn=r=>r===""||r.toLowerCase()==="other";function rt(r,e){return r!==null&&r>0?`${r}/${e}`:e}function Hn(r,e){return{buckets:r.buckets,bucketSeconds:r.bucket_seconds,language:e.language,timeZone:e.timeZone}}function st(r,e,t,n,s,o=!1){return c`<netwatch-timechart .series=${t} .axis=${Hn(r,e)} mode=${n} unit=${s} ?compact=${o}></netwatch-timechart>`}function z(r,e,t,n,s){return c`<button type="button" class="pick" data-filter=${`${r}:${e}`} @click=${()=>n.filter(r,e)}
    title=${`Filter to ${s??e}`}>${t}</button>`}function Bt(r,e){let t=e.names[r];if(!t)return h;let n=et(t.asn,t.as_org);return c`<div class="addr">${t.hostname??""}${t.hostname&&n?" · ":""}${n}</div>`}function zn(r,e){let t=r.outbound_destinations.series.map((s,o)=>{let i=Fn(s.address),a=r.names[s.address]?.hostname;return{label:i?"other":`${s.address}${a?` (${a})`:""}${s.country?` · ${R(s.country,e.language)}`:""}`,counts:s.counts,color:i?ke:Re(o),pick:i?void 0:()=>e.filter("remote",s.address)}}),n=r.outbound_destinations.top.slice(0,8);return c`
    ${st(r,e,t,"area","flows")}
    ${n.length?c`<div class="scroll"><table class="compact">
          <thead><tr><th>Top destination</th><th class="wide-only">Country</th><th class="num">Flows</th><th class="num">Data</th></tr></thead>
          <tbody>
            ${n.map(s=>c`<tr>
                <td><span class="narrow-only">${P(s.country,e.language,!1)}</span>${z("remote",s.address,s.address,e)}${Bt(s.address,r)}</td>
                <td class="wide-only">${s.country?z("country",s.country,P(s.country,e.language),e,R(s.country,e.language)):P(null,e.language)}</td>
                <td class="num">${m(s.flows,e.language)}</td>
                <td class="num">${N(s.bytes)}</td>
              </tr>`)}
          </tbody>
        </table></div>`:h}
  `}function Un(r,e){let t=[...r.inbound_denied_table].sort((n,s)=>s.count-n.count).slice(0,15);return c`<table>
      <thead><tr><th>Port</th><th>Country</th><th class="num">Attempts</th></tr></thead>
      <tbody>
        ${t.map(n=>c`<tr>
            <td>${z("port",rt(n.port,n.protocol),J(n.port??0,n.protocol,n.service),e)}</td>
            <td>${n.country?z("country",n.country,P(n.country,e.language),e,R(n.country,e.language)):P(null,e.language)}</td>
            <td class="num">${m(n.count,e.language)}</td>
          </tr>`)}
      </tbody>
    </table>
    ${r.status.geoip?h:c`<p class="hint">Countries need a GeoIP database: set one in the netwatch options.</p>`}`}function jn(r,e){let t=Ge(r.denied_share.by_protocol.map(i=>({label:Xe(i.protocol),value:i.count,pick:()=>e.filter("protocol",i.protocol)})),5,i=>i.value,i=>({label:"other",value:i})),n=Ge(r.denied_share.by_port.map(i=>({label:J(i.port??0,i.protocol),value:i.count,detail:`${i.service?`${i.service} · `:""}${m(i.count,e.language)}`,pick:()=>e.filter("port",rt(i.port,i.protocol))})),6,i=>i.value,i=>({label:"other",value:i})),s=i=>i.map((a,l)=>({...a,color:a.label==="other"?ke:Re(l)})),o=r.denied_share.by_protocol.reduce((i,a)=>i+a.count,0);return c`<div class="pair">
    <div><h4>By protocol</h4>${Pe(s(t),m(o,e.language),"denied",e.language)}</div>
    <div><h4>By port</h4>${Pe(s(n),m(r.denied_share.by_port.length,e.language),"ports",e.language)}</div>
  </div>`}function qn(r,e){let t=Math.max(0,...r.inbound_drops.counts);return c`<div class="big">${m(r.inbound_drops.total,e.language)}</div>
    <div class="sub">
      inbound connections dropped · peak ${m(t,e.language)} in ${C(r.bucket_seconds)}
    </div>
    ${st(r,e,[{label:"denied inbound",counts:r.inbound_drops.counts,color:"var(--error-color, #db4437)"}],"bars","attempts",!0)}`}function Bn(r,e){let t=r.verdicts,n=i=>i===null?"":` · ${N(i)}`,s=[{label:"allow",value:t.allow,color:"var(--success-color, #43a047)",detail:`${m(t.allow,e.language)}${n(t.allow_bytes)}`},{label:"deny",value:t.deny,color:"var(--error-color, #db4437)",detail:`${m(t.deny,e.language)}${n(t.deny_bytes)}`},{label:"reject",value:t.reject,color:"var(--warning-color, #ffa600)",detail:m(t.reject,e.language)}],o=t.allow+t.deny+t.reject;return c`${Pe(s,m(o,e.language),"verdicts",e.language)}
    ${t.allow_bytes===null?c`<p class="hint">Data per verdict is not available with filters.</p>`:h}`}function Vn(r,e){let t=[...r.denied_by_country].sort((n,s)=>s.count-n.count).slice(0,10);return nt(t.map(n=>({label:P(n.country,e.language),title:R(n.country,e.language),value:n.count,text:m(n.count,e.language),color:"var(--error-color, #db4437)",pick:n.country?()=>e.filter("country",n.country):void 0})))}function Wn(r,e){let t=[...r.outbound_countries].sort((n,s)=>s.bytes-n.bytes).slice(0,10);return nt(t.map(n=>({label:P(n.country,e.language),title:R(n.country,e.language),value:n.bytes,text:`${N(n.bytes)} · ${m(n.flows,e.language)} flows`,pick:n.country?()=>e.filter("country",n.country):void 0})))}function Zn(r,e){let t=r.denied_ports_over_time.series.map((n,s)=>{let o=n.protocol==="other";return{label:o?"other":J(n.port??0,n.protocol),counts:n.counts,color:o?ke:Re(s),pick:o?void 0:()=>e.filter("port",rt(n.port,n.protocol))}});return st(r,e,t,"bars","attempts")}function Gn(r,e){let t=[...r.devices].sort((s,o)=>o.bytes_in+o.bytes_out-(s.bytes_in+s.bytes_out)),n=e.windowLabel;return c`<div class="scroll"><table>
    <thead><tr>
      <th>Device</th><th class="num">In (${n})</th><th class="num">Out (${n})</th>
      <th class="num wide-only">Rate in</th><th class="num wide-only">Rate out</th>
      <th class="num wide-only">Flows</th><th class="num">Denied</th><th class="num wide-only">Seen</th>
    </tr></thead>
    <tbody>
      ${t.map(s=>c`<tr>
          <td>${z("device",s.address,c`<span class="dev">${s.name||s.address}</span>`,e,`${s.name||s.address} (device view)`)}
            ${s.name&&s.name!==s.address?c`<div class="addr">${s.address}</div>`:h}</td>
          <td class="num" title=${`since first seen: ${N(s.total_bytes_in)}`}>${N(s.bytes_in)}</td>
          <td class="num" title=${`since first seen: ${N(s.total_bytes_out)}`}>${N(s.bytes_out)}</td>
          <td class="num wide-only">${We(s.rate_in)}</td>
          <td class="num wide-only">${We(s.rate_out)}</td>
          <td class="num wide-only">${m(s.flows,e.language)}</td>
          <td class="num">${m(s.denied_inbound,e.language)}</td>
          <td class="num wide-only">${Ee(s.last_seen,e.nowMs)}</td>
        </tr>`)}
    </tbody>
  </table></div>`}function Kn(r,e){let t=o=>H(Date.parse(o)/1e3,e.language,e.timeZone),n=o=>e.ignore?c`<button type="button" class="action" data-ignore=${o} @click=${()=>e.ignore?.(o)}
          title=${`Never report scans from ${o}`}>Ignore</button>`:h,s=r.sources.scans.slice(0,10);return c`<div class="scroll"><table class="sources">
      <thead><tr>
        <th>Source</th><th>Country</th><th class="num">Attempts</th><th class="num wide-only">Flows</th>
        <th class="wide-only">Ports</th><th class="num wide-only">Targets</th><th class="wide-only">Seen</th><th>Verdict</th><th></th>
      </tr></thead>
      <tbody>
        ${r.sources.top.map(o=>c`<tr>
            <td>${z("remote",o.address,o.address,e)}${Bt(o.address,r)}</td>
            <td>${o.country?z("country",o.country,P(o.country,e.language,!1),e,R(o.country,e.language)):P(null,e.language,!1)}</td>
            <td class="num">${m(o.attempts,e.language)}</td>
            <td class="num wide-only">${m(o.flows,e.language)}</td>
            <td class="wide-only">${o.ports.join(", ")}${o.port_count>o.ports.length?` +${m(o.port_count-o.ports.length,e.language)}`:""}</td>
            <td class="num wide-only">${m(o.target_count,e.language)}</td>
            <td class="wide-only">${t(o.first_seen)} – ${t(o.last_seen)}</td>
            <td><span class="verdict ${o.verdict.replace(" ","-")}">${o.verdict}</span></td>
            <td>${n(o.address)}</td>
          </tr>`)}
      </tbody>
    </table></div>
    ${s.length?c`<h4>Recent scans</h4><ul class="scans">
          ${s.map(o=>c`<li>
              <span class="sev ${o.severity}">${o.severity}</span>
              ${z("remote",o.source,o.source,e)}${o.hostname?c` <span class="addr">${o.hostname}</span>`:h}
              ${o.country?c` · ${P(o.country,e.language)}`:h}
              ${o.asn?c` · <span class="addr">${et(o.asn,o.as_org)}</span>`:h}
              · ${m(o.port_count,e.language)} ports on ${m(o.target_count,e.language)}
              · ${t(o.last_seen)} ${n(o.source)}
            </li>`)}
        </ul>`:h}`}var Vt={outbound:zn,denied_table:Un,denied_share:jn,drops:qn,verdicts:Bn,countries:Vn,ports:Zn,devices:Gn,outbound_countries:Wn,sources:Kn};function Wt(r,e,t){let n=e.accuracy[r];if(!n||n.exact)return h;let s=r==="outbound"||r==="outbound_countries"||r==="devices"?"flows":"records";return c`<p class="approx" data-approx=${n.unattributed}>
    Approximate (lower bounds): ${m(n.unattributed,t)} ${s} of this window fell in
    ${C(e.facts_seconds)} buckets with more combinations than netwatch keeps.
  </p>`}var Zt=2055,Gt=5514,Jn=new Set(["outbound","devices","outbound_countries"]),Xn="Only Home Assistant administrators see addresses, devices and sources. The panels by country, port and protocol show the same traffic.";function Yn(r){return`No flows received yet. Send NetFlow v5/v9 or IPFIX from your router to Home Assistant's address, UDP port ${r.flow_port??Zt}, and check that the router is in the allowed senders of the netwatch options.`}function Qn(r){return`Needs firewall logs: configure your router's firewall syslog to send to Home Assistant's address, port ${r.syslog_port??Gt} (UDP or TCP), and check the allowed senders in the netwatch options.`}function er(r){return`No GeoIP database${r.geoip_error?` (${r.geoip_error})`:""}: set a GeoIP database in the netwatch options to see countries.`}function Kt(r){if(r.status.flows||r.status.syslog)return null;let e=r.status.flow_port??Zt,t=r.status.syslog_port??Gt;return`No data yet. Send NetFlow/IPFIX from your router to Home Assistant's address, UDP port ${e}, and its firewall syslog to port ${t}. Already done? Check the allowed senders in the netwatch options and that no firewall blocks these ports.`}function tr(r,e){switch(r){case"outbound":return e.outbound_destinations.top.length>0||Se(...e.outbound_destinations.series.map(t=>t.counts));case"denied_table":return e.inbound_denied_table.some(t=>t.count>0);case"denied_share":return e.denied_share.by_protocol.some(t=>t.count>0)||e.denied_share.by_port.some(t=>t.count>0);case"drops":return e.inbound_drops.total>0||Se(e.inbound_drops.counts);case"verdicts":return e.verdicts.allow+e.verdicts.deny+e.verdicts.reject>0;case"countries":return e.denied_by_country.some(t=>t.count>0&&t.country!==null);case"ports":return Se(...e.denied_ports_over_time.series.map(t=>t.counts));case"devices":return e.devices.length>0;case"outbound_countries":return e.outbound_countries.some(t=>t.flows>0);case"sources":return e.sources.top.length>0||e.sources.scans.length>0}}function Jt(r,e){return e.redacted.includes(r)?{kind:"redacted",text:Xn}:tr(r,e)?{kind:"data",text:""}:Jn.has(r)?e.status.flows?{kind:"empty",text:ot(r,e)}:{kind:"no_flows",text:Yn(e.status)}:r==="sources"&&e.status.flows?{kind:"empty",text:ot(r,e)}:e.status.syslog?r==="countries"&&!e.status.geoip?{kind:"needs_geoip",text:er(e.status)}:{kind:"empty",text:ot(r,e)}:{kind:"needs_syslog",text:Qn(e.status)}}function ot(r,e){if(Object.keys(e.filters).length)return"Nothing matches the filters in this time range.";switch(r){case"outbound":return"No outbound connections in this time range.";case"devices":return"No home devices seen in this time range. Check the home networks in the netwatch options.";case"verdicts":return"No firewall verdicts in this time range.";case"outbound_countries":return"No outbound traffic to a known country in this time range.";case"sources":return"No inbound sources in this time range.";default:return"No denied inbound connections in this time range."}}var nr={no_flows:"Waiting for flows (see above).",needs_syslog:"Needs firewall syslog (see above).",needs_geoip:"Needs a GeoIP database (see above)."};function Xt(r,e){let t=new Map;for(let i of r)t.set(i.kind,(t.get(i.kind)??0)+1);let n=e?[e]:[],s=new Set;for(let i of["no_flows","needs_syslog","needs_geoip"]){let a=t.get(i)??0;e&&i!=="needs_geoip"&&a>0?s.add(i):a>=2&&(s.add(i),n.push(r.find(l=>l.kind===i)?.text??""))}let o=r.map(i=>s.has(i.kind)?nr[i.kind]??i.text:i.text);return{banners:n,panelText:o}}var Yt=k`
  /* filters, ranges, exports */
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
    margin: 0 0 8px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 13px;
    padding: 2px 4px 2px 10px;
    border-radius: 14px;
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
    border: 1px solid var(--nw-line);
  }
  .chip.fixed {
    padding-right: 10px;
  }
  .chip button,
  .clear,
  .exports button,
  .custom button,
  .action {
    font: inherit;
    font-size: 12px;
    color: var(--primary-text-color);
    background: transparent;
    border: 1px solid var(--nw-line);
    border-radius: 12px;
    padding: 1px 8px;
    cursor: pointer;
    min-height: 24px;
  }
  .chip button {
    border: 0;
    font-size: 15px;
    line-height: 1;
    padding: 0 6px;
  }
  .custom {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    font-size: 13px;
    margin: 0 0 8px;
  }
  .custom input {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color, #fff);
    border: 1px solid var(--nw-line);
    border-radius: 4px;
    padding: 2px 4px;
  }
  .note {
    color: var(--nw-muted);
    font-size: 12px;
    margin: 0 0 8px;
  }
  .panelhead {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 8px;
  }
  .exports {
    display: inline-flex;
    gap: 4px;
    flex: none;
  }
  .exports button {
    font-size: 11px;
    padding: 0 6px;
    color: var(--nw-muted);
    min-height: 22px;
  }
  button.pick {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    margin: 0;
    cursor: pointer;
    text-align: left;
    display: inline;
  }
  button.pick:hover,
  button.pick:focus-visible {
    text-decoration: underline;
    color: var(--primary-color, #03a9f4);
  }
  .legend button.pick {
    display: flex;
    align-items: center;
    gap: 6px;
    width: 100%;
  }
  .cc {
    display: inline-block;
    font-size: 10px;
    font-weight: 600;
    letter-spacing: 0.5px;
    line-height: 14px;
    padding: 0 3px;
    margin-right: 4px;
    border-radius: 3px;
    border: 1px solid var(--nw-muted);
    color: var(--nw-muted);
    vertical-align: 1px;
  }
  .approx {
    font-size: 12px;
    margin: 6px 0 0;
    padding: 4px 8px;
    border-left: 3px solid var(--warning-color, #ffa600);
    color: var(--nw-muted);
  }
  .verdict {
    font-size: 11px;
    padding: 0 6px;
    border-radius: 8px;
    border: 1px solid var(--nw-line);
    white-space: nowrap;
  }
  .verdict.denied {
    border-color: var(--error-color, #db4437);
  }
  .verdict.allowed {
    border-color: var(--success-color, #43a047);
  }
  .scans {
    list-style: none;
    margin: 4px 0 0;
    padding: 0;
    font-size: 13px;
    display: grid;
    gap: 4px;
  }
  .sev {
    font-size: 11px;
    text-transform: uppercase;
    padding: 0 5px;
    border-radius: 4px;
    border: 1px solid var(--nw-line);
  }
  .sev.high {
    border-color: var(--error-color, #db4437);
  }
  .sev.medium {
    border-color: var(--warning-color, #ffa600);
  }
`;var Qt=k`
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
  /* legends of the share charts (the time charts style themselves: timechart-styles.ts) */
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
  .hbars li > .row {
    width: 100%;
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
  table.compact td:first-child,
  table.sources td:first-child {
    overflow-wrap: anywhere;
  }
  .addr {
    color: var(--nw-muted);
    font-size: 11px;
  }
  .narrow-only {
    display: none;
  }
  @container (max-width: 520px) {
    .panels {
      grid-template-columns: 1fr;
    }
    .wide-only {
      display: none;
    }
    .narrow-only {
      display: inline;
    }
  }
`;var T=["1h","24h","7d","30d"],de=["device","remote","country","port","protocol"],A=["outbound","denied_table","denied_share","drops","verdicts","countries","ports","devices","outbound_countries","sources"],en=A.slice(0,8),tn=["outbound","outbound_countries","denied_table","drops","verdicts"];var D="nw_";function nn(r){let e=new URLSearchParams(r),t={},n=!1,s=e.get(`${D}range`);s&&T.includes(s)&&(t.range=s,n=!0);let o=Number(e.get(`${D}from`)),i=Number(e.get(`${D}to`));o>0&&i>o&&(t.start=o,t.end=i,n=!0);let a={};for(let l of de){let d=e.get(`${D}${l}`);d&&(a[l]=d,n=!0)}return t.filters=a,n?t:null}function rr(r,e){let t=new URLSearchParams(r);for(let s of[...t.keys()])s.startsWith(D)&&t.delete(s);t.set(`${D}range`,e.range),e.start!==void 0&&e.end!==void 0&&(t.set(`${D}from`,String(Math.round(e.start))),t.set(`${D}to`,String(Math.round(e.end))));for(let s of de){let o=e.filters[s];o&&t.set(`${D}${s}`,o)}let n=t.toString();return n?`?${n}`:""}var it=class extends EventTarget{init(e){if(!this.state){let t=typeof location>"u"?null:nn(location.search);this.state={range:t?.range??e,filters:t?.filters??{}},t?.start!==void 0&&t.end!==void 0&&(this.state.start=t.start,this.state.end=t.end),typeof window<"u"&&(window.addEventListener("location-changed",()=>this._onLocation()),window.addEventListener("popstate",()=>this._onLocation()))}return this.state}get filters(){return this.state?.filters??{}}setRange(e){this._set({range:e,start:void 0,end:void 0})}zoom(e,t){t-e>=60&&this._set({start:e,end:t})}resetZoom(){this._set({start:void 0,end:void 0})}setFilter(e,t){let n={...this.filters};t?n[e]=t:delete n[e],this._set({filters:n})}clearFilters(){this._set({filters:{}})}_set(e){let t=this.state??{range:"24h",filters:{}};this.state={...t,...e},(this.state.start===void 0||this.state.end===void 0)&&(delete this.state.start,delete this.state.end),this._writeUrl(),this.dispatchEvent(new Event("change"))}_writeUrl(){if(typeof history>"u"||!this.state)return;let e=rr(location.search,this.state);e!==location.search&&history.replaceState(history.state,"",`${location.pathname}${e}${location.hash}`)}_onLocation(){let e=nn(location.search);e&&this.state?(this.state={...this.state,start:void 0,end:void 0,...e,filters:e.filters??{}},this.state.start===void 0&&delete this.state.start,this.state.end===void 0&&delete this.state.end,this.dispatchEvent(new Event("change"))):this._writeUrl()}},_=new it;function at(r){if(!r||typeof r!="object")throw new Error("netwatch-card: invalid configuration");if(r.range!==void 0&&!T.includes(r.range))throw new Error(`netwatch-card: range must be one of ${T.join(", ")}`);let e=r.panel!==void 0?[r.panel]:r.panels??[];for(let t of e)if(!A.includes(t))throw new Error(`netwatch-card: unknown panel "${t}" (use ${A.join(", ")})`);if(r.device!==void 0&&(typeof r.device!="string"||!r.device.trim()))throw new Error("netwatch-card: device must be a home address, for example 192.168.1.10");return r}function Ae(r,e){let t=r??{};return t.code==="unknown_command"?"The netwatch websocket command is not available. Make sure the netwatch integration is installed and set up (Settings → Devices & services) and restart Home Assistant after installing or updating it.":t.code==="not_found"?"The netwatch entry set in this card (entry_id) does not exist: clear it or pick another in the card editor.":t.code==="unauthorized"?"Only Home Assistant administrators can see single devices and addresses: remove the device or address filter.":`Could not load netwatch data: ${t.message??(r instanceof Error?r.message:String(r))}. Check the Home Assistant log for netwatch errors; retrying every ${e} s.`}var rn=2e3,ue=new Map;function lt(r,e,t=Date.now()){let n=JSON.stringify(e),s=ue.get(n);if(s&&t-s.at<rn)return s.answer;let o=r.callWS(e);ue.set(n,{at:t,answer:o});for(let[i,a]of ue)t-a.at>rn&&ue.delete(i);return o.catch(()=>ue.delete(n)),o}function ct(r,e,t,n,s){let o={...e};r.device&&(o.device=r.device.trim());let i={type:"netwatch/panels",range:t,filters:o};return n!==void 0&&s!==void 0&&(i.start=n,i.end=s),r.entry_id&&(i.entry_id=r.entry_id),i}var sn=!1;function on(){sn||typeof document>"u"||(sn=!0,document.addEventListener("keydown",r=>{if(r.key!=="Escape"||r.defaultPrevented||!Object.keys(_.filters).length)return;let e=r.composedPath()[0];e&&/^(INPUT|TEXTAREA|SELECT)$/.test(e.tagName)||document.querySelector("home-assistant")?.shadowRoot?.querySelector("ha-dialog, ha-more-info-dialog")||_.clearFilters()}))}var pe=15,an={"1h":"1 h","24h":"24 h","7d":"7 d","30d":"30 d"},sr={"1h":60,"24h":60,"7d":3600,"30d":3600,custom:0},ln={device:"Device",remote:"Remote",country:"Country",port:"Port",protocol:"Protocol"},E=class extends w{constructor(){super(...arguments);this._loading=!1;this._custom=!1;this._viewVersion=0;this._seq=0;this._connectedAt=0;this._readyMarked=!1;this._fetchStartedAt=0;this._fetchedAt=0;this._requested="";this._onVisible=()=>{document.visibilityState==="visible"&&this._refreshNow()};this._onView=()=>{this._viewVersion++,this._refreshNow()};this._onZoom=t=>{let{start:n,end:s}=t.detail;_.zoom(n,s)}}static getConfigElement(){return document.createElement("netwatch-card-editor")}static getStubConfig(){return{title:"Network",range:"24h"}}setConfig(t){let n=this._config;this._config=at(t),_.init(t.range??"24h"),n&&(n.entry_id!==t.entry_id||n.device!==t.device)&&this._refreshNow()}set hass(t){let n=!this._hass;this._hass=t,n&&this.isConnected&&this._refreshNow()}get hass(){return this._hass}getCardSize(){return 3*this._panels().length}getGridOptions(){return this._panels().length>2?{columns:"full",min_columns:6}:{columns:12,min_columns:6}}connectedCallback(){super.connectedCallback(),this._connectedAt||(this._connectedAt=performance.now(),performance.mark("netwatch-card-connected")),on(),document.addEventListener("visibilitychange",this._onVisible),_.addEventListener("change",this._onView),this.addEventListener("nw-zoom",this._onZoom),this._hass&&this._refreshNow()}disconnectedCallback(){super.disconnectedCallback(),document.removeEventListener("visibilitychange",this._onVisible),_.removeEventListener("change",this._onView),this.removeEventListener("nw-zoom",this._onZoom),window.clearTimeout(this._timer),this._timer=void 0}_panels(){let t=this._config;return t?.panel?[t.panel]:t?.panels?.length?t.panels:[...t?.device?tn:en]}_refreshS(){let t=Number(this._config?.refresh_interval??pe);return Number.isFinite(t)?Math.min(3600,Math.max(5,t)):pe}_refreshNow(){window.clearTimeout(this._timer),this._timer=void 0,this._fetch()}_request(){let t=_.init(this._config?.range??"24h");return ct(this._config,t.filters,t.range,t.start,t.end)}async _fetch(){let t=this._hass;if(!t||!this.isConnected||!this._config)return;let n=++this._seq,s=this._request();this._requested=JSON.stringify(s),this._loading=!0,this._readyMarked||(this._fetchStartedAt=performance.now());try{let o=await lt(t,s);if(n!==this._seq)return;this._readyMarked||(this._fetchedAt=performance.now()),this._result=o,this._error=void 0}catch(o){if(n!==this._seq)return;this._error=Ae(o,this._refreshS())}finally{n===this._seq&&(this._loading=!1,this._schedule())}}_schedule(){this.isConnected&&(window.clearTimeout(this._timer),this._timer=window.setTimeout(()=>{document.visibilityState==="hidden"?this._schedule():this._fetch()},this._refreshS()*1e3))}async _ignore(t){let n=this._hass;if(!n)return;let s={type:"netwatch/scan_ignore",source:t};this._config?.entry_id&&(s.entry_id=this._config.entry_id);try{await n.callWS(s),this._notice=`${t} is on the scan ignore list now (netwatch options → Scan detection to undo).`}catch(o){this._notice=Ae(o,this._refreshS())}}_ctx(t){let n=this._hass,s=n?.locale?.language??n?.language??navigator.language??"en",o=n?.locale?.time_zone==="server"?n.config?.time_zone:void 0,i=n?.user?.is_admin!==!1;return{language:s,timeZone:o,nowMs:Date.now(),filter:(a,l)=>_.setFilter(a,l),ignore:i&&!t.redacted.length?a=>{this._ignore(a)}:void 0,windowLabel:t.range==="custom"?"window":an[t.range]}}render(){let t=this._config;if(!t)return c``;let n=this._result,s=this._panels(),o=t.device?n?.devices.find(l=>l.address===t.device)?.name??t.device:void 0,i=t.title??(o?`Device ${o}`:s.length===1?I[s[0]]:void 0),a=_.state;return c`<ha-card>
      <div class="header">
        <div>
          ${i?c`<h2 class="title">${i}</h2>`:h}
          ${n&&s.length>1?c`<div class="updated">updated ${Ee(n.generated_at,Date.now())} ago${this._loading?" · refreshing…":""}</div>`:h}
        </div>
        ${t.show_range_selector!==!1?this._renderRanges(a?.range??"24h",a?.start!==void 0):h}
      </div>
      ${this._renderChips(n)}
      ${this._custom?this._renderCustom():h}
      ${this._error?c`<div class="banner error" data-state="error">${this._error}</div>`:h}
      ${this._notice?c`<div class="banner" data-state="notice">${this._notice}</div>`:h}
      ${n?this._renderPanels(n):this._renderPlaceholder()}
    </ha-card>`}_renderRanges(t,n){return c`<div class="ranges" role="group" aria-label="Time range">
      ${T.map(s=>c`<button type="button" data-range=${s} aria-pressed=${s===t&&!n?"true":"false"}
          @click=${()=>_.setRange(s)}>${an[s]}</button>`)}
      <button type="button" data-range="custom" aria-pressed=${n?"true":"false"} aria-expanded=${this._custom?"true":"false"}
        @click=${()=>this._custom=!this._custom}>Custom…</button>
    </div>`}_renderCustom(){let t=_.state,n=l=>new Date(l*1e3-new Date(l*1e3).getTimezoneOffset()*6e4).toISOString().slice(0,16),s=Date.now()/1e3,o=t?.start??s-6*3600,i=t?.end??s;return c`<form class="custom" @submit=${l=>{l.preventDefault();let d=l.currentTarget,u=Date.parse(d.elements.namedItem("from").value)/1e3,p=Date.parse(d.elements.namedItem("to").value)/1e3;Number.isFinite(u)&&Number.isFinite(p)&&p>u&&(_.zoom(u,p),this._custom=!1)}} aria-label="Custom time range">
      <label>From <input type="datetime-local" name="from" .value=${n(o)} required /></label>
      <label>To <input type="datetime-local" name="to" .value=${n(i)} required /></label>
      <button type="submit">Show</button>
      <span class="hint">The last 30 days are kept: minutes for 24 hours, hours for 30 days.</span>
    </form>`}_renderChips(t){let n=_.state,s=n?.filters??{},o=de.filter(p=>s[p]),i=n?.start!==void 0&&n.end!==void 0,a=this._config?.device;if(!o.length&&!i&&!a)return h;let l=this._hass?.locale?.language??"en",d=this._hass?.locale?.time_zone==="server"?this._hass?.config?.time_zone:void 0,u=(p,f)=>p==="country"?R(f,l):p==="device"?t?.devices.find(g=>g.address===f)?.name??f:f;return c`<div class="chips" role="toolbar" aria-label="Active filters">
      ${a?c`<span class="chip fixed">Device: ${u("device",a)}</span>`:h}
      ${i?c`<span class="chip" data-chip="window">${H(n.start,l,d)} – ${H(n.end,l,d)}
            <button type="button" aria-label="Back to the whole range" @click=${()=>_.resetZoom()}>×</button></span>`:h}
      ${o.map(p=>c`<span class="chip" data-chip=${p}>${ln[p]}: ${u(p,s[p])}
          <button type="button" aria-label=${`Remove the ${ln[p].toLowerCase()} filter`} @click=${()=>_.setFilter(p,void 0)}>×</button></span>`)}
      ${o.length?c`<button type="button" class="clear" @click=${()=>_.clearFilters()} title="Esc">Clear filters</button>`:h}
    </div>`}_renderPlaceholder(){return this._error&&!this._result?c``:c`<div class="loading" data-state="loading">Loading network data…</div>`}_renderPanels(t){let n=this._ctx(t),s=Kt(t),o=this._panels(),i=o.map(u=>Jt(u,t)),a=Xt(i,s),l=Object.keys(t.filters).length>0,d=JSON.stringify(this._request())!==this._requested||this._loading;return c`
      ${a.banners.map((u,p)=>c`<div class="banner" data-state=${s&&p===0?"no_data":"hint"}>${u}</div>`)}
      ${l&&t.bucket_seconds!==sr[t.range]?c`<div class="note">Filtered charts use ${C(t.bucket_seconds)} steps (the finest netwatch keeps per address and port for this range).</div>`:h}
      <div class="panels ${d?"stale":""}" data-range=${t.range} data-filters=${JSON.stringify(t.filters)}>
        ${o.map((u,p)=>{let f=i[p],g=o.length===1,$=!g&&qt.has(u);return c`<section class="panel ${$?"wide":""} ${g?"single":""}" data-panel=${u} data-state=${f.kind} aria-label=${I[u]}>
            <div class="panelhead">
              ${g?c`<span></span>`:c`<h3>${I[u]}</h3>`}
              ${f.kind==="data"?c`<span class="exports">
                    <button type="button" data-export="csv" aria-label=${`Export ${I[u]} as CSV`} @click=${()=>tt(u,t,"csv")}>CSV</button>
                    <button type="button" data-export="json" aria-label=${`Export ${I[u]} as JSON`} @click=${()=>tt(u,t,"json")}>JSON</button>
                  </span>`:h}
            </div>
            ${f.kind==="data"?c`${Vt[u](t,n)}${Wt(u,t,n.language)}`:c`<div class="state">${a.panelText[p]}</div>`}
          </section>`})}
      </div>
    `}updated(t){if(super.updated(t),!this._readyMarked&&this._result&&!this._loading){this._readyMarked=!0;let n=[...this.renderRoot.querySelectorAll("netwatch-timechart")];Promise.all(n.map(s=>s.updateComplete)).then(()=>this._markReady())}}_markReady(){{let t=performance.now(),n=t-this._connectedAt;performance.mark("netwatch-card-ready",{detail:{sinceConnectedMs:n,waitHassMs:this._fetchStartedAt-this._connectedAt,fetchMs:this._fetchedAt-this._fetchStartedAt,drawMs:t-this._fetchedAt}}),this.setAttribute("data-ready",n.toFixed(1))}}};E.styles=[Qt,Yt],b([v()],E.prototype,"_config",2),b([v()],E.prototype,"_result",2),b([v()],E.prototype,"_error",2),b([v()],E.prototype,"_notice",2),b([v()],E.prototype,"_loading",2),b([v()],E.prototype,"_custom",2),b([v()],E.prototype,"_viewVersion",2);var he={title:"Title",range:"Default time range",panels:"Panels (none selected = all)",refresh_interval:"Refresh every (seconds)",show_range_selector:"Show the time range selector",entry_id:"netwatch entry (only with several)",device:"One device only (its address, for a device's own card)"};function or(){return[{name:"title",selector:{text:{}}},{name:"range",selector:{select:{mode:"dropdown",options:T.map(r=>({value:r,label:r}))}}},{name:"panels",selector:{select:{multiple:!0,mode:"list",options:A.map(r=>({value:r,label:I[r]}))}}},{name:"refresh_interval",selector:{number:{min:5,max:3600,mode:"box",unit_of_measurement:"s"}}},{name:"show_range_selector",selector:{boolean:{}}},{name:"entry_id",selector:{config_entry:{integration:"netwatch"}}},{name:"device",selector:{text:{}}}]}function X(r,e,t){let n={...r};return e==="panels"&&delete n.panel,t===void 0||t===""||Array.isArray(t)&&t.length===0?delete n[e]:n[e]=t,n}async function ir(){let r=window.loadCardHelpers;if(r)try{await(await(await r()).createCardElement({type:"entities",entities:[]})).constructor.getConfigElement?.()}catch{}}var Z=class extends w{constructor(){super(...arguments);this._haForm=!1}set hass(t){this._hass=t,this.requestUpdate()}setConfig(t){this._config=t}connectedCallback(){super.connectedCallback(),this._haForm=customElements.get("ha-form")!==void 0,this._haForm||(customElements.whenDefined("ha-form").then(()=>this._haForm=!0),ir())}_emit(t){this._config=t,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:t},bubbles:!0,composed:!0}))}_formChanged(t){let n={...this._config};for(let[s,o]of Object.entries(t.detail.value))n=X(n,s,o);for(let s of Object.keys(n))s!=="type"&&!(s in t.detail.value)&&(n=X(n,s,void 0));this._emit(n)}render(){let t=this._config;if(!t)return c``;if(this._haForm){let n={refresh_interval:pe,show_range_selector:!0,...t,panels:t.panel?[t.panel]:t.panels};return c`<ha-form
        .hass=${this._hass}
        .data=${n}
        .schema=${or()}
        .computeLabel=${s=>he[s.name]??s.name}
        @value-changed=${this._formChanged}
      ></ha-form>`}return this._renderPlain(t)}_renderPlain(t){let n=new Set(t.panel?[t.panel]:t.panels??[]),s=(o,i)=>{let a=A.filter(l=>l===o?i:n.has(l));this._emit(X(t,"panels",a))};return c`<div class="plain">
      <label>${he.title}
        <input name="title" .value=${t.title??""} @change=${o=>this._emit(X(t,"title",o.target.value))} />
      </label>
      <label>${he.range}
        <select name="range" @change=${o=>this._emit(X(t,"range",o.target.value))}>
          ${T.map(o=>c`<option value=${o} ?selected=${(t.range??"24h")===o}>${o}</option>`)}
        </select>
      </label>
      <div>${he.panels}
        <div class="checks">
          ${A.map(o=>c`<label><input type="checkbox" name=${o} .checked=${n.has(o)}
              @change=${i=>s(o,i.target.checked)} />${I[o]}</label>`)}
        </div>
      </div>
      <label>${he.refresh_interval}
        <input name="refresh_interval" type="number" min="5" max="3600" .value=${String(t.refresh_interval??pe)}
          @change=${o=>this._emit(X(t,"refresh_interval",Number(o.target.value)))} />
      </label>
      ${h}
    </div>`}};Z.styles=k`
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
  `,b([v()],Z.prototype,"_config",2),b([v()],Z.prototype,"_haForm",2);var ar=r=>({type:"custom:netwatch-card",panel:r}),dt=(r,e)=>({type:"grid",cards:[{type:"heading",heading:r},...e.map(ar)]});function lr(){return{title:"Network",views:[{title:"Network",path:"network",type:"panel",cards:[{type:"custom:netwatch-card",title:"Network",range:"24h",panels:[...A]}]},{title:"Firewall",path:"firewall",type:"sections",max_columns:3,sections:[dt("Denied inbound",["drops","verdicts","countries","sources"]),dt("Ports and protocols",["denied_share","ports","denied_table"]),dt("Traffic",["outbound","devices","outbound_countries"])]}]}}var ut=class extends HTMLElement{static async generate(){return lr()}},Y=class extends w{constructor(){super(...arguments);this.narrow=!1}render(){return this.card||(this.card=document.createElement("netwatch-card"),this.card.setConfig({type:"custom:netwatch-card",title:"Network",range:"24h",panels:[...A]})),this.card.hass=this.hass,c`
      <div class="toolbar">
        <ha-menu-button .hass=${this.hass} .narrow=${this.narrow}></ha-menu-button>
        <span>Network</span>
      </div>
      <div class="content">${this.card}</div>
    `}};Y.styles=k`
    :host { display: block; height: 100%; background: var(--primary-background-color); }
    .toolbar {
      display: flex; align-items: center; gap: 8px; height: var(--header-height, 56px); padding: 0 12px;
      font-size: 20px; color: var(--app-header-text-color, var(--primary-text-color));
      background: var(--app-header-background-color, var(--primary-background-color));
      border-bottom: 1px solid var(--divider-color);
    }
    .content { padding: 8px; }
  `,b([S({attribute:!1})],Y.prototype,"hass",2),b([S({type:Boolean})],Y.prototype,"narrow",2);customElements.get("ll-strategy-dashboard-netwatch")||(customElements.define("ll-strategy-dashboard-netwatch",ut),customElements.define("netwatch-panel",Y));var cn=k`
    :host {
      display: block;
      --nw-muted: var(--secondary-text-color, #727272);
      --nw-line: var(--divider-color, rgba(0, 0, 0, 0.12));
    }
    :host([compact]) {
      --nw-chart-height: 56px;
    }
    .chart {
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
      min-width: 34px;
      padding-bottom: 18px;
    }
    .plotwrap {
      flex: 1;
      min-width: 0;
      position: relative;
      touch-action: pan-y;
      outline: none;
      user-select: none;
      -webkit-user-select: none;
    }
    .plotwrap:focus-visible {
      box-shadow: 0 0 0 2px var(--primary-color, #03a9f4);
      border-radius: 4px;
    }
    svg {
      width: 100%;
      height: var(--nw-chart-height, 160px);
      display: block;
      border-bottom: 1px solid var(--nw-line);
      cursor: crosshair;
    }
    .gridline {
      stroke: var(--nw-line);
      stroke-width: 1;
      vector-effect: non-scaling-stroke;
    }
    .area {
      fill-opacity: 0.35;
    }
    .line {
      fill: none;
      stroke-width: 1.5;
      vector-effect: non-scaling-stroke;
    }
    .cursor {
      fill: var(--primary-text-color, #212121);
      fill-opacity: 0.08;
    }
    .selection {
      fill: var(--primary-color, #03a9f4);
      fill-opacity: 0.18;
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
    .xaxis span.first {
      transform: none;
    }
    .xaxis span.last {
      transform: translateX(-100%);
    }
    .tip {
      position: absolute;
      top: 4px;
      z-index: 2;
      min-width: 140px;
      max-width: 260px;
      padding: 6px 8px;
      border-radius: 6px;
      font-size: 12px;
      line-height: 1.4;
      background: var(--card-background-color, #fff);
      color: var(--primary-text-color, #212121);
      border: 1px solid var(--nw-line);
      box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
      pointer-events: none;
    }
    .tip b {
      display: block;
      font-weight: 500;
    }
    .tip .row {
      display: flex;
      gap: 6px;
      align-items: center;
    }
    .tip .row span:nth-child(2) {
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .swatch {
      width: 10px;
      height: 10px;
      border-radius: 2px;
      flex: none;
    }
    .caption {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      font-size: 11px;
      color: var(--nw-muted);
    }
    .legend {
      list-style: none;
      padding: 0;
      margin: 6px 0 0;
      display: flex;
      flex-wrap: wrap;
      gap: 2px 10px;
      font-size: 12px;
    }
    .legend button,
    .legend span.item {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font: inherit;
      color: inherit;
      background: none;
      border: 0;
      padding: 2px 0;
      cursor: pointer;
      text-align: left;
    }
    .legend span.item {
      cursor: default;
    }
    .legend button:hover .lbl,
    .legend button:focus-visible .lbl {
      text-decoration: underline;
    }
    .sr {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `;var Q=1e3,O=200,cr=6,x=class extends w{constructor(){super(...arguments);this.series=[];this.mode="area";this.unit="";this.zoomable=!0;this.compact=!1;this._cursor=null;this._drag=null;this._width=600;this._down=null;this._pinned=!1}connectedCallback(){super.connectedCallback(),this._resize=new ResizeObserver(t=>{let n=Math.round(t[0]?.contentRect.width??0);n&&Math.abs(n-this._width)>20&&(this._width=n)}),this._resize.observe(this)}disconnectedCallback(){super.disconnectedCallback(),this._resize?.disconnect()}willUpdate(t){t.has("axis")&&this._cursor!==null&&!this._pinned&&(this._cursor=null)}_layout(){let t=this.axis,n=Math.max(24,Math.min(this.mode==="bars"?96:120,Math.floor(this._width/4))),s=Ye(t.buckets.length,t.bucketSeconds,n);return{factor:s,starts:t.buckets.filter((o,i)=>i%s===0),grouped:this.series.map(o=>Qe(o.counts,s)),per:s*t.bucketSeconds}}_index(t,n){let s=t.currentTarget.getBoundingClientRect(),o=Math.min(.9999,Math.max(0,(t.clientX-s.left)/Math.max(1,s.width)));return Math.floor(o*n)}_onDown(t,n){t.button===0&&(this._down={x:t.clientX,index:this._index(t,n),pointer:t.pointerId},t.currentTarget.setPointerCapture?.(t.pointerId))}_onMove(t,n){let s=this._index(t,n),o=this._down;if(o&&Math.abs(t.clientX-o.x)>cr&&this.zoomable){this._drag=[o.index,s],this._cursor=null;return}!o&&t.pointerType==="mouse"&&!this._pinned&&(this._cursor=s)}_onUp(t,n,s,o){let i=this._down;if(this._down=null,!i)return;if(this._drag){let[l,d]=this._drag;this._drag=null;let u=Math.min(l,d),p=Math.max(l,d);this.dispatchEvent(new CustomEvent("nw-zoom",{detail:{start:s[u],end:s[p]+o},bubbles:!0,composed:!0}));return}let a=this._index(t,n);this._pinned&&this._cursor===a?(this._pinned=!1,this._cursor=null):(this._pinned=!0,this._cursor=a)}_onKey(t,n){let s={ArrowLeft:-1,ArrowRight:1,PageUp:-10,PageDown:10};if(t.key in s){let o=this._cursor??(s[t.key]>0?-1:n);this._cursor=Math.min(n-1,Math.max(0,o+s[t.key]))}else if(t.key==="Home")this._cursor=0;else if(t.key==="End")this._cursor=n-1;else if(t.key==="Escape"&&this._cursor!==null)this._cursor=null;else return;this._pinned=this._cursor!==null,t.preventDefault(),t.stopPropagation()}render(){let t=this.axis;if(!t||!t.buckets.length)return c``;let{starts:n,grouped:s,per:o}=this._layout(),i=n.length,a=Nt(s),l=a.length?a[a.length-1]:[],d=Ke(Math.max(0,...l)),u=this.mode==="bars"?this._bars(a,d,i):this._areas(a,d),p=i?n[i-1]+o-n[0]:0,f=Ft(p),g=this.mode==="bars"?i:Math.max(1,i-1),$=Ht(Ot(n,f,t.timeZone),Math.max(2,Math.floor(this._width/75))),dn=$.length?$:[0,i-1].filter((y,ee,Te)=>Te.indexOf(y)===ee),Ce=Q/Math.max(1,i),un=this.unit?` ${this.unit}`:"";return c`
      <div class="chart">
        <div class="yaxis" aria-hidden="true">
          <span>${Ze(d,t.language)}${un}</span><span>${Ze(d/2,t.language)}</span><span>0</span>
        </div>
        <div
          class="plotwrap"
          tabindex="0"
          role="group"
          aria-label=${`Chart over time, ${i} columns of ${C(o)}: use the arrow keys to read the values`}
          @pointerdown=${y=>this._onDown(y,i)}
          @pointermove=${y=>this._onMove(y,i)}
          @pointerup=${y=>this._onUp(y,i,n,o)}
          @pointercancel=${()=>(this._down=null,this._drag=null)}
          @pointerleave=${()=>!this._pinned&&!this._down&&(this._cursor=null)}
          @keydown=${y=>this._onKey(y,i)}
        >
          <svg viewBox="0 0 ${Q} ${O}" preserveAspectRatio="none" role="img" aria-hidden="true">
            ${[.25,.5,.75].map(y=>L`<line class="gridline" x1="0" x2="${Q}" y1="${O*y}" y2="${O*y}"></line>`)}
            ${u}
            ${this._cursor!==null?L`<rect class="cursor" x="${(this._cursor*Ce).toFixed(1)}" y="0" width="${Ce.toFixed(1)}" height="${O}"></rect>`:h}
            ${this._drag?this._selection(Ce):h}
          </svg>
          <div class="xaxis" aria-hidden="true">
            ${dn.map(y=>{let ee=i<=1?50:y/g*100,Te=ee<8?"first":ee>92?"last":"";return c`<span class=${Te} style="left:${ee.toFixed(2)}%">${Dt(n[y],f,t.language,t.timeZone)}</span>`})}
          </div>
          ${this._cursor!==null?this._tip(this._cursor,n,s,o,i):h}
          <div class="sr" aria-live="polite">${this._cursor!==null?this._tipText(this._cursor,n,s,o):""}</div>
        </div>
      </div>
      <div class="caption">
        <span>${this.zoomable?"drag across the chart to zoom":""}</span><span>per ${C(o)}</span>
      </div>
      ${this.compact?h:c`<ul class="legend">
        ${this.series.map(y=>c`<li>
            ${y.pick?c`<button type="button" @click=${y.pick} title=${`Filter to ${y.label}`}><span class="swatch" style="background:${y.color}"></span><span class="lbl">${y.label}</span></button>`:c`<span class="item"><span class="swatch" style="background:${y.color}"></span><span class="lbl">${y.label}</span></span>`}
          </li>`)}
      </ul>`}
    `}_selection(t){let[n,s]=this._drag,o=Math.min(n,s),i=(Math.abs(s-n)+1)*t;return L`<rect class="selection" x="${(o*t).toFixed(1)}" y="0" width="${i.toFixed(1)}" height="${O}"></rect>`}_rows(t,n){return this.series.map((s,o)=>({label:s.label,color:s.color,value:n[o][t]??0})).filter(s=>s.value>0).reverse()}_tipText(t,n,s,o){let i=this.axis,a=this._rows(t,s),l=`${H(n[t],i.language,i.timeZone)} (${C(o)})`,d=a.length?a.map(u=>`${u.label}: ${m(u.value,i.language)}`).join(", "):"none";return`${l}: ${d}`}_tip(t,n,s,o,i){let a=this.axis,l=this._rows(t,s),d=l.reduce((g,$)=>g+$.value,0),u=(t+.5)/Math.max(1,i)*100,p=u>55?`right:${(100-u+2).toFixed(1)}%`:`left:${(u+2).toFixed(1)}%`,f=this.unit?` ${this.unit}`:"";return c`<div class="tip" style=${p} role="tooltip" data-index=${t}>
      <b>${H(n[t],a.language,a.timeZone)} · ${C(o)}</b>
      ${l.length?l.map(g=>c`<div class="row"><span class="swatch" style="background:${g.color}"></span><span>${g.label}</span><span>${m(g.value,a.language)}</span></div>`):c`<div>none</div>`}
      ${l.length>1?c`<div class="row"><span></span><span>total</span><span>${m(d,a.language)}${f}</span></div>`:h}
    </div>`}_areas(t,n){let o=we(new Array(t[0]?.length??0).fill(0),Q,O,n);return t.map((i,a)=>{let l=we(i,Q,O,n),d=L`<path class="area" d="${Je(l,o)}" fill="${this.series[a].color}"></path>
        <path class="line" d="${xe(l)}" stroke="${this.series[a].color}"></path>`;return o=l,d})}_bars(t,n,s){let o=Q/Math.max(1,s),i=Math.max(1,o*.8),a=O/n;return t.map((l,d)=>{let u=d>0?t[d-1]:null,p=[];return l.forEach((f,g)=>{let $=u?u[g]:0;f-$<=0||p.push(L`<rect x="${(g*o+(o-i)/2).toFixed(1)}" y="${(O-f*a).toFixed(1)}"
          width="${i.toFixed(1)}" height="${((f-$)*a).toFixed(1)}"></rect>`)}),L`<g fill="${this.series[d].color}">${p}</g>`})}};x.styles=cn,b([S({attribute:!1})],x.prototype,"series",2),b([S({attribute:!1})],x.prototype,"axis",2),b([S()],x.prototype,"mode",2),b([S()],x.prototype,"unit",2),b([S({type:Boolean})],x.prototype,"zoomable",2),b([S({type:Boolean,reflect:!0})],x.prototype,"compact",2),b([v()],x.prototype,"_cursor",2),b([v()],x.prototype,"_drag",2),b([v()],x.prototype,"_width",2);customElements.get("netwatch-card")||(customElements.define("netwatch-timechart",x),customElements.define("netwatch-card",E),customElements.define("netwatch-card-editor",Z),window.customCards=window.customCards??[],window.customCards.push({type:"netwatch-card",name:"netwatch",description:"Network panels from netwatch: destinations, denied traffic, countries, ports, allow/deny, devices and sources; click to filter, drag to zoom.",preview:!0}),console.info("%c netwatch-card 0.1.0 ","background:#4e79a7;color:#fff;border-radius:3px"));
